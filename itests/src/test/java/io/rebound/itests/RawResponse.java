package io.rebound.itests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One response exactly as it came off a socket: status line, header fields in order, and the body after
 * de-chunking.
 */
final class RawResponse {

    private final String version;
    private final int status;
    private final String reason;
    private final List<String[]> headers;
    private final byte[] body;

    RawResponse(String version, int status, String reason, List<String[]> headers, byte[] body) {
        this.version = version;
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.body = body;
    }

    String version() {
        return version;
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }

    byte[] body() {
        return body;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** @return the first value of the header field {@code name}, or {@code null} */
    String header(String name) {
        for (String[] field : headers) {
            if (field[0].equalsIgnoreCase(name)) {
                return field[1];
            }
        }
        return null;
    }

    /** @return the comma-separated elements of every field named {@code name}, trimmed */
    List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        for (String[] field : headers) {
            if (field[0].equalsIgnoreCase(name)) {
                for (String part : field[1].split(",")) {
                    if (!part.isBlank()) {
                        tokens.add(part.trim());
                    }
                }
            }
        }
        return tokens;
    }

    boolean hasToken(String name, String token) {
        return tokens(name).stream().anyMatch(t -> t.equalsIgnoreCase(token));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(version).append(' ').append(status).append(' ').append(reason);
        for (String[] field : headers) {
            text.append("\n  ").append(field[0]).append(": ").append(field[1]);
        }
        text.append("\n  (").append(body.length).append(" body bytes)");
        return text.toString();
    }
}
