package io.rebound.http.spi;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Parses the head of an HTTP/1.1 request (request line and header section, RFC 9112) and decides how its body is
 * framed. Malformed or oversized input is never an exception: it is a {@link ParseResult#rejected rejection}
 * carrying the status to answer (400, 414, 431, 501, 505) and a one-line reason.
 */
@ProviderType
public interface RequestParser {

    /**
     * Parses the request head at the start of {@code input}, between its position and limit. The buffer's position
     * is not moved; on success the head occupies {@link RequestHead#headLength()} bytes.
     *
     * @return {@link ParseResult#incomplete()} when more bytes are needed (and the limits allow them), the parsed
     *         head, or a rejection
     */
    ParseResult parse(ByteBuffer input);

    /** @return the longest head, in bytes, this parser accepts; the caller buffers at least this much */
    int maxHeadLength();
}
