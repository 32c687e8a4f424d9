package io.rebound.itests;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client connection driven byte by byte, for what {@link java.net.http.HttpClient} hides or refuses: several
 * requests on one connection, chunked uploads, {@code Expect: 100-continue}, malformed input, and seeing whether
 * the server closed the connection. Responses are framed as RFC 9112 section 6.3 says, so a body the server
 * should not have sent shows up as garbage where the next status line should be.
 */
final class RawConnection implements Closeable {

    /** Long enough for a slow CI machine, short enough that a server that never answers fails the test. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private static final int MAX_LINE = 16 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawConnection open(int port) throws IOException {
        return open(port, READ_TIMEOUT);
    }

    /** @param readTimeout how long a read may wait for bytes before it fails */
    static RawConnection open(int port, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return new RawConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    void send(String ascii) throws IOException {
        send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads one response.
     *
     * @param toHead whether it answers a HEAD request, whose response has headers but never a body
     */
    RawResponse read(boolean toHead) throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new EOFException("connection closed before a status line");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw new IOException("not a status line: '" + statusLine + "'");
        }
        int status = Integer.parseInt(parts[1]);
        List<String[]> headers = new ArrayList<>();
        for (String line = requireLine(); !line.isEmpty(); line = requireLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("not a header field: '" + line + "'");
            }
            headers.add(new String[] { line.substring(0, colon).trim(), line.substring(colon + 1).trim() });
        }
        RawResponse head = new RawResponse(parts[0], status, parts.length > 2 ? parts[2] : "", headers, new byte[0]);
        byte[] body = readBody(head, toHead);
        return new RawResponse(parts[0], status, head.reason(), headers, body);
    }

    private byte[] readBody(RawResponse head, boolean toHead) throws IOException {
        int status = head.status();
        if (toHead || status < 200 || status == 204 || status == 304) {
            return new byte[0];
        }
        if (head.hasToken("Transfer-Encoding", "chunked")) {
            return readChunked();
        }
        String length = head.header("Content-Length");
        if (length != null) {
            return readExactly(Long.parseLong(length));
        }
        // Neither: the body runs to the end of the connection.
        return in.readAllBytes();
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new EOFException("connection closed before a chunk size");
            }
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                for (String trailer = requireLine(); !trailer.isEmpty(); trailer = requireLine()) {
                    // Trailer fields carry nothing the tests look at.
                }
                return body.toByteArray();
            }
            body.writeBytes(readExactly(size));
            if (!requireLine().isEmpty()) {
                throw new IOException("chunk data not followed by CRLF");
            }
        }
    }

    private byte[] readExactly(long length) throws IOException {
        byte[] bytes = in.readNBytes(Math.toIntExact(length));
        if (bytes.length != length) {
            throw new EOFException("body ended after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    private String requireLine() throws IOException {
        String line = readLine();
        if (line == null) {
            throw new EOFException("connection closed inside a response");
        }
        return line;
    }

    /** @return a line without its CRLF (a bare LF is accepted too), or {@code null} at end of stream */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    /**
     * Whether the server has closed the connection: end of stream (or a reset) arrives within {@code timeout}
     * with no further bytes.
     *
     * @throws AssertionError when bytes arrive instead
     */
    boolean closedByPeerWithin(Duration timeout) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            int b = in.read();
            if (b >= 0) {
                throw new AssertionError("expected the connection to be closed, but read byte " + b);
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(previous);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
