package io.rebound.http.spi;

import io.rebound.http.api.HttpHeaders;

/**
 * A parsed, validated request head.
 *
 * @param method the method token
 * @param target the request-target as sent
 * @param path the path part of the target, still percent-encoded ({@code *} for asterisk-form)
 * @param query the query part, still encoded, or {@code null}
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers the header fields in order
 * @param framing how the body is delimited
 * @param contentLength the body length for {@link BodyFraming#LENGTH}, {@code 0} for none, {@code -1} for chunked
 * @param keepAlive whether the connection may carry another request after this one
 * @param expectContinue whether the client sent {@code Expect: 100-continue}
 * @param headLength bytes the head occupied in the input, including any empty lines before it
 */
public record RequestHead(String method, String target, String path, String query, String version,
        HttpHeaders headers, BodyFraming framing, long contentLength, boolean keepAlive, boolean expectContinue,
        int headLength) {
}
