import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads HTTP/1.1 responses, one at a time, off a connection a bench speaks raw HTTP on. The benches use their own
 * sockets rather than java.net.http.HttpClient because they must see exactly how a request failed (refused, reset,
 * closed before the status line or inside the body, timed out) and control when a connection is reused.
 */
final class HttpResponseReader {

    record Response(int status, boolean close, byte[] body) {
    }

    private final InputStream in;
    /** Whether the response being read got as far as its status line, and that status: for describing a failure. */
    boolean statusSeen;
    int status;

    /** @param in the connection's input, buffered (the head is read a byte at a time) */
    HttpResponseReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads one whole response: head, then a body by Content-Length, chunked, or up to the end of the stream.
     * {@code close} says the connection cannot carry another request (HTTP/1.0, Connection: close, or a body that
     * ran to the end of the stream).
     */
    Response read() throws IOException {
        statusSeen = false;
        String statusLine = readLine();
        if (statusLine == null) {
            throw new EOFException("connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not a status line: '" + statusLine + "'");
        }
        status = Integer.parseInt(parts[1]);
        statusSeen = true;
        long length = -1;
        boolean chunked = false;
        boolean close = parts[0].equals("HTTP/1.0");
        for (String line = readLine(); ; line = readLine()) {
            if (line == null) {
                throw new EOFException("connection closed inside the response head");
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close |= value.toLowerCase(Locale.ROOT).contains("close");
                default -> { }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (status == 204 || status == 304 || status / 100 == 1) {
            // no body
        } else if (chunked) {
            for (;;) {
                String size = readLine();
                if (size == null) {
                    throw new EOFException("connection closed inside a chunked body");
                }
                int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                if (n == 0) {
                    for (String t = readLine(); t != null && !t.isEmpty(); t = readLine()) {
                        // trailers
                    }
                    break;
                }
                body.write(readExactly(n));
                readLine();
            }
        } else if (length >= 0) {
            body.write(readExactly((int) length));
        } else {
            body.write(in.readAllBytes());
            close = true;
        }
        return new Response(status, close, body.toByteArray());
    }

    private byte[] readExactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("connection closed after " + b.length + " of " + n + " body bytes");
        }
        return b;
    }

    /** One line without its CRLF (or bare LF); null at the end of the stream. */
    private String readLine() throws IOException {
        StringBuilder s = new StringBuilder();
        for (;;) {
            int c = in.read();
            if (c < 0) {
                return s.length() == 0 ? null : s.toString();
            }
            if (c == '\n') {
                int len = s.length();
                return len > 0 && s.charAt(len - 1) == '\r' ? s.substring(0, len - 1) : s.toString();
            }
            s.append((char) c);
        }
    }
}
