package io.rebound.http.api;

import java.io.IOException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Serves the requests under one path prefix. Register implementations as services with a {@link #PATH} property
 * (see {@link HandlerPath}) and, optionally, a {@link #METHODS} property (see {@link HandlerMethods}).
 *
 * <p>A handler is called concurrently from the connector's workers. It writes its answer through the
 * {@link HttpResponse}; an exception thrown before the response is committed becomes a {@code 500}, one thrown
 * after it closes the connection (the client sees a truncated response rather than a wrong one).
 */
@ConsumerType
public interface HttpHandler {

    /** Service property: the path prefix served, starting with {@code /} (for example {@code /kv}). */
    String PATH = "rebound.http.path";

    /**
     * Service property: the methods the handler accepts. Other methods get {@code 405} with an {@code Allow}
     * header. Defaults to {@link #DEFAULT_METHODS}.
     */
    String METHODS = "rebound.http.methods";

    /** The methods a handler accepts when it does not say. */
    String[] DEFAULT_METHODS = { "GET", "HEAD" };

    /**
     * Answers one request.
     *
     * @param request the parsed request; its body stream ends where the request body ends
     * @param response where the answer goes
     * @throws IOException when the client connection fails; the connector closes it
     */
    void handle(HttpRequest request, HttpResponse response) throws IOException;
}
