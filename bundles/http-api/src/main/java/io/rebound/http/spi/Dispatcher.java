package io.rebound.http.spi;

import java.io.IOException;

import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpResponse;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Routes a request to the handler that serves it and answers the requests no handler can (404, 405, 501). Provided
 * by the router component; the connector calls it once per request.
 */
@ProviderType
public interface Dispatcher {

    /**
     * Answers {@code request} through {@code response}.
     *
     * @throws IOException when the client connection fails
     */
    void dispatch(HttpRequest request, HttpResponse response) throws IOException;
}
