package io.rebound.http.spi;

/** How a request body is delimited (RFC 9112 section 6.3). */
public enum BodyFraming {
    /** No body. */
    NONE,
    /** Exactly {@link RequestHead#contentLength()} bytes follow the head. */
    LENGTH,
    /** The body uses the chunked transfer coding. */
    CHUNKED
}
