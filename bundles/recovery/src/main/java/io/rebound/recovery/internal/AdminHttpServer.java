package io.rebound.recovery.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocket;

import io.rebound.http.api.HttpStatus;

/**
 * Serves the admin API on the admin listening channel, one request per connection, over TLS when a keystore is
 * configured. Every request is authenticated (with a lock-out for addresses that keep failing, see
 * {@link AuthThrottle}) and leaves one audit line ({@link AdminAudit}). It accepts through a
 * {@link Selector} so that stopping it never closes the channel (the listener bundle owns it), and handles each
 * connection on a small pool with read timeouts, so a stuck client cannot block the healing channel.
 */
final class AdminHttpServer implements Runnable {

    private static final System.Logger LOG = System.getLogger("io.rebound.recovery");
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final ServerSocketChannel channel;
    private final AdminToken token;
    private final AdminApi api;
    private final AdminTls tls;
    private final AuthThrottle throttle = new AuthThrottle();
    private final Selector selector;
    private final ExecutorService handlers;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean running = true;

    /** @param tls TLS for every connection, or {@code null} for plain HTTP (loopback only) */
    AdminHttpServer(ServerSocketChannel channel, AdminToken token, AdminApi api, AdminTls tls) throws IOException {
        this.channel = channel;
        this.token = token;
        this.api = api;
        this.tls = tls;
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_ACCEPT);
        AtomicInteger count = new AtomicInteger();
        this.handlers = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "rebound-recovery-admin-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ((ThreadPoolExecutor) handlers).allowCoreThreadTimeOut(true);
        this.acceptor = new Thread(this, "rebound-recovery-admin-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Stops accepting, cuts open admin connections, and waits (bounded) for every thread to end. */
    void stop() throws InterruptedException {
        running = false;
        selector.wakeup();
        acceptor.join(5_000);
        handlers.shutdown();
        if (!handlers.awaitTermination(5, TimeUnit.SECONDS)) {
            open.forEach(AdminHttpServer::closeQuietly);
            handlers.shutdownNow();
            handlers.awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(1000);
                selector.selectedKeys().clear();
                SocketChannel client;
                while (running && (client = channel.accept()) != null) {
                    SocketChannel accepted = client;
                    try {
                        accepted.configureBlocking(true);
                        open.add(accepted);
                        handlers.execute(() -> serve(accepted));
                    } catch (IOException | RejectedExecutionException e) {
                        open.remove(accepted);
                        closeQuietly(accepted);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.log(Level.ERROR, "admin acceptor failed", e);
            }
        } finally {
            try {
                selector.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing the admin selector failed: " + e);
            }
        }
    }

    private void serve(SocketChannel client) {
        String source = "?";
        try (Socket plain = client.socket()) {
            source = ((InetSocketAddress) client.getRemoteAddress()).getAddress().getHostAddress();
            plain.setSoTimeout(READ_TIMEOUT_MILLIS);
            Socket socket = plain;
            if (tls != null) {
                SSLSocket secure = tls.wrap(plain);
                try {
                    secure.startHandshake();
                } catch (IOException e) {
                    // Scanners and clients speaking plain HTTP end here: not an admin action, so no audit line.
                    LOG.log(Level.DEBUG, "admin TLS handshake with " + source + " failed: " + e);
                    return;
                }
                socket = secure;
            }
            AdminResponse response;
            String action = "-";
            String detail = null;
            try {
                AdminRequest request = AdminRequest.read(new BufferedInputStream(socket.getInputStream()));
                action = request.method() + " " + request.path()
                        + (request.query() == null ? "" : "?" + request.query());
                response = authorizeAndHandle(request, source);
                detail = response.error();
            } catch (AdminRequest.Malformed e) {
                response = AdminResponse.error(e.status, e.getMessage());
                detail = e.getMessage();
            } catch (SocketTimeoutException e) {
                response = AdminResponse.error(408, "request not received within " + READ_TIMEOUT_MILLIS + " ms");
                detail = "timeout";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                response = AdminResponse.error(503, "the admin server is stopping");
                detail = "stopping";
            }
            write(socket.getOutputStream(), response);
            AdminAudit.log(source, tls != null, action, response.status(), detail);
            if (socket != plain) {
                socket.close();
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "admin connection from " + source + " failed: " + e);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "admin request from " + source + " failed", e);
        } finally {
            open.remove(client);
        }
    }

    private AdminResponse authorizeAndHandle(AdminRequest request, String source) throws InterruptedException {
        Duration wait = throttle.lockedOut(source);
        if (!wait.isZero()) {
            // Refused before the token is looked at: guessing faster gains nothing.
            return AdminResponse.tooManyFailures(Math.max(1, (wait.toMillis() + 999) / 1000));
        }
        if (!token.accepts(request.header("Authorization"))) {
            throttle.failed(source);
            return AdminResponse.error(401, "missing or wrong bearer token");
        }
        throttle.succeeded(source);
        return api.handle(request, source);
    }

    private static void write(OutputStream out, AdminResponse response) throws IOException {
        byte[] body = response.bytes();
        StringBuilder head = new StringBuilder(160)
                .append("HTTP/1.1 ").append(response.status()).append(' ')
                .append(HttpStatus.reason(response.status())).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Cache-Control: no-store\r\n");
        if (response.status() == HttpStatus.UNAUTHORIZED) {
            head.append("WWW-Authenticate: Bearer realm=\"rebound-admin\"\r\n");
        }
        if (response.retryAfterSeconds() > 0) {
            head.append("Retry-After: ").append(response.retryAfterSeconds()).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Being cut off is the point.
        }
    }
}
