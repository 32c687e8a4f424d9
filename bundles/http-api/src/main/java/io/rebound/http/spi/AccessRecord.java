package io.rebound.http.spi;

/**
 * One served response, as the access log writes it (Combined Log Format fields plus the duration).
 *
 * @param remoteHost the client's address, as text
 * @param epochMillis when the request head was complete
 * @param method the request method, or {@code null} when the request line could not be parsed
 * @param target the request-target, or {@code null} likewise
 * @param version the protocol version, or {@code null} likewise
 * @param status the status answered
 * @param bytes body bytes sent
 * @param referer the {@code Referer} header, or {@code null}
 * @param userAgent the {@code User-Agent} header, or {@code null}
 * @param durationMicros time from request head to the end of the response
 */
public record AccessRecord(String remoteHost, long epochMillis, String method, String target, String version,
        int status, long bytes, String referer, String userAgent, long durationMicros) {
}
