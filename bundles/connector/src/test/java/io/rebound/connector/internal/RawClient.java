package io.rebound.connector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
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
 * A client on a plain {@link Socket} that writes exactly the bytes a test gives it and reads responses strictly
 * (CRLF line ends, chunked decoding by the book), so framing mistakes of the connector show up as failures.
 * Every read has a timeout: a server that never answers fails the test instead of hanging it.
 */
final class RawClient implements AutoCloseable {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawClient connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** @param receiveBuffer the socket's receive buffer size, or 0 for the system default */
    static RawClient connect(int port, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        try {
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            return new RawClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Opens {@code n} keep-alive connections and has each answered once with {@code body} for {@code target}, so that
     * all of them are open, parked connections of the server.
     */
    static List<RawClient> servedOnce(int port, int n, String target, String body) throws IOException {
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                RawClient client = connect(port);
                clients.add(client);
                assertEquals(body, client.get(target).bodyText());
            }
            return clients;
        } catch (IOException | RuntimeException | Error e) {
            closeAll(clients);
            throw e;
        }
    }

    static void closeAll(List<RawClient> clients) throws IOException {
        for (RawClient client : clients) {
            client.close();
        }
    }

    /** Connects from {@code local} (another loopback address, say), as a second client machine would. */
    static RawClient connectFrom(InetAddress local, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(local, 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            return new RawClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    Socket socket() {
        return socket;
    }

    RawClient send(String ascii) throws IOException {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends {@code GET target} with a Host header and reads the response. */
    RawResponse get(String target) throws IOException {
        send("GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n");
        return read();
    }

    RawResponse read() throws IOException {
        return read(false);
    }

    /** @param headRequest whether the response answers a HEAD request (it then has no body, whatever it says) */
    RawResponse read(boolean headRequest) throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
            fail("not a status line: '" + statusLine + "'");
        }
        int status = Integer.parseInt(parts[1]);
        List<String[]> headers = new ArrayList<>();
        for (String field = line(); !field.isEmpty(); field = line()) {
            int colon = field.indexOf(':');
            if (colon <= 0) {
                fail("not a header field: '" + field + "'");
            }
            headers.add(new String[] { field.substring(0, colon), field.substring(colon + 1).trim() });
        }
        RawResponse head = new RawResponse(statusLine, status, headers, new byte[0], RawResponse.Framing.NONE);
        if (headRequest || status < 200 || status == 204 || status == 304) {
            return head;
        }
        String te = head.header("Transfer-Encoding");
        String cl = head.header("Content-Length");
        if (te != null) {
            assertEquals("chunked", te, "only chunked is expected");
            assertEquals(null, cl, "Content-Length together with Transfer-Encoding");
            return new RawResponse(statusLine, status, headers, chunkedBody(), RawResponse.Framing.CHUNKED);
        }
        if (cl != null) {
            byte[] body = in.readNBytes(Integer.parseInt(cl));
            if (body.length < Integer.parseInt(cl)) {
                throw new EOFException("body ended after " + body.length + " of " + cl + " bytes");
            }
            return new RawResponse(statusLine, status, headers, body, RawResponse.Framing.LENGTH);
        }
        return new RawResponse(statusLine, status, headers, in.readAllBytes(), RawResponse.Framing.CLOSE);
    }

    /**
     * Waits for the server to close the connection, failing if it sends anything more first.
     *
     * @return whether the connection was closed (end of stream or reset) within {@code timeout}
     */
    boolean closedWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            int b = in.read();
            if (b >= 0) {
                fail("unexpected byte " + b + " where the connection should have ended");
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset: closed as well
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            }
        }
    }

    /** Reads and drops everything until the server closes; @return the byte count, or -1 if it stays open. */
    long drainUntilClosed(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] scratch = new byte[64 * 1024];
        long total = 0;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                int n = in.read(scratch);
                if (n < 0) {
                    return total;
                }
                total += n;
            } catch (SocketTimeoutException e) {
                return -1;
            } catch (SocketException e) {
                return total;
            }
        }
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt(semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailer fields: none expected, but legal
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("chunk ended early");
            }
            body.write(chunk);
            assertEquals("", line(), "chunk data not followed by CRLF");
        }
    }

    /** Reads a line ended by CRLF (a bare LF fails the test) and returns it without the CRLF. */
    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after '" + sb + "'");
            }
            if (b == '\r') {
                int lf = in.read();
                assertEquals('\n', lf, () -> "CR not followed by LF after '" + sb + "'");
                return sb.toString();
            }
            if (b == '\n') {
                fail("bare LF after '" + sb + "'");
            }
            sb.append((char) b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
