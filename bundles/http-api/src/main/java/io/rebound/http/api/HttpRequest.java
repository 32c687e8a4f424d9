package io.rebound.http.api;

import java.io.InputStream;
import java.net.InetSocketAddress;

import org.osgi.annotation.versioning.ProviderType;

/** One parsed HTTP request, as the connector hands it to the router and the router to a handler. */
@ProviderType
public interface HttpRequest {

    /** @return the method token as sent, for example {@code GET} (methods are case-sensitive) */
    String method();

    /** @return the request-target exactly as sent on the request line */
    String target();

    /**
     * @return the whole path of the target (not relative to {@link #handlerPath()}), still percent-encoded
     *         (decoding is the handler's business, exactly once); for an absolute-form target its path part only;
     *         {@code *} for an asterisk-form target
     */
    String path();

    /** @return the query after {@code ?}, still encoded, or {@code null} when there is none */
    String query();

    /** @return the protocol version, {@code HTTP/1.1} or {@code HTTP/1.0} */
    String version();

    /** @return the request header fields, in the order received */
    HttpHeaders headers();

    /**
     * @return the body length from {@code Content-Length}, {@code 0} when there is no body, {@code -1} when the body
     *         is chunked
     */
    long contentLength();

    /**
     * The request body, already de-chunked. Reading it past its end returns -1. A handler that does not read the
     * body need not: the connector discards what is left before the next request on the connection.
     *
     * @return the body stream (an empty stream when there is no body)
     */
    InputStream body();

    /** @return the client's address */
    InetSocketAddress remoteAddress();

    /** @return the prefix of the handler the router chose, or {@code null} before routing */
    String handlerPath();
}
