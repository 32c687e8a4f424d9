package io.rebound.connector.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A response as read byte for byte off a raw socket, with how its body was framed. */
record RawResponse(String statusLine, int status, List<String[]> headers, byte[] body, Framing framing) {

    enum Framing { NONE, LENGTH, CHUNKED, CLOSE }

    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                values.add(h[1]);
            }
        }
        return values;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** @return whether the server said it will close the connection after this response */
    boolean closes() {
        String c = header("Connection");
        return c != null && c.toLowerCase().contains("close");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(statusLine).append('\n');
        headers.forEach(h -> sb.append(h[0]).append(": ").append(h[1]).append('\n'));
        return sb.append("[").append(framing).append(" body of ").append(body.length).append(" bytes]").toString();
    }
}
