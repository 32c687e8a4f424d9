package io.rebound.recovery.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request to the admin port, read with tight limits. The admin channel is deliberately independent of the
 * public connector and parser it supervises (a dead connector must still be healable), so it reads its few simple
 * requests itself.
 *
 * @param method the method
 * @param path the path, without query
 * @param query the query, or {@code null}
 * @param headers header fields by lower-case name (last one wins)
 * @param body the body bytes (at most {@link #MAX_BODY})
 */
record AdminRequest(String method, String path, String query, Map<String, String> headers, byte[] body) {

    static final int MAX_HEAD = 8192;
    static final int MAX_BODY = 64 * 1024;

    /** A request that cannot be read; {@link #status} is what to answer. */
    static final class Malformed extends Exception {

        private static final long serialVersionUID = 1L;
        final int status;

        Malformed(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    static AdminRequest read(InputStream in) throws IOException, Malformed {
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.") || !requestLine[1].startsWith("/")) {
            throw new Malformed(400, "malformed request line");
        }
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0 || lines[i].charAt(colon - 1) == ' ') {
                throw new Malformed(400, "malformed header line");
            }
            headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new Malformed(411, "chunked bodies are not accepted on the admin port; send Content-Length");
        }
        byte[] body = new byte[0];
        String length = headers.get("content-length");
        if (length != null) {
            int n;
            try {
                n = Integer.parseInt(length);
            } catch (NumberFormatException e) {
                throw new Malformed(400, "bad Content-Length");
            }
            if (n < 0) {
                throw new Malformed(400, "bad Content-Length");
            }
            if (n > MAX_BODY) {
                throw new Malformed(413, "body larger than " + MAX_BODY + " bytes");
            }
            body = in.readNBytes(n);
            if (body.length != n) {
                throw new Malformed(400, "body shorter than its Content-Length");
            }
        }
        String target = requestLine[1];
        int q = target.indexOf('?');
        return new AdminRequest(requestLine[0], q < 0 ? target : target.substring(0, q),
                q < 0 ? null : target.substring(q + 1), headers, body);
    }

    private static String readHead(InputStream in) throws IOException, Malformed {
        byte[] buf = new byte[MAX_HEAD];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new Malformed(400, "connection closed inside the request head");
            }
            if (n == buf.length) {
                throw new Malformed(431, "request head larger than " + MAX_HEAD + " bytes");
            }
            buf[n++] = (byte) b;
            if (n >= 4 && buf[n - 4] == '\r' && buf[n - 3] == '\n' && buf[n - 2] == '\r' && buf[n - 1] == '\n') {
                return new String(buf, 0, n - 4, StandardCharsets.ISO_8859_1);
            }
        }
    }
}
