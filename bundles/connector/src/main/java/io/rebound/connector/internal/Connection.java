package io.rebound.connector.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import io.rebound.http.api.HttpStatus;
import io.rebound.http.spi.AccessLog;
import io.rebound.http.spi.AccessRecord;
import io.rebound.http.spi.BodyFraming;
import io.rebound.http.spi.Dispatcher;
import io.rebound.http.spi.ParseResult;
import io.rebound.http.spi.RequestHead;
import io.rebound.http.spi.RequestParser;

/**
 * One client connection. A worker runs {@link #run()} while requests keep coming; when the connection goes quiet it
 * is handed back to the {@link SelectorLoop} (parked) so an idle keep-alive client holds no worker.
 */
final class Connection implements Runnable {

    private static final System.Logger LOG = System.getLogger("io.rebound.connector");

    // A request body the handler left unread is drained up to this much so the connection can be reused.
    private static final long MAX_DRAIN = 256 * 1024;

    private final SocketChannel channel;
    private final InetSocketAddress remote;
    private final ConnectorSettings settings;
    private final Backends backends;
    private final ConnectionOwner owner;
    private final HttpDate date;
    private final ChannelIO io;
    private final ConnectionInput input;
    private final ResponseSink sink;
    // When the wait for the next request began (set when parked; read by the selector loop's idle sweep).
    private volatile long idleSince;
    private long headDeadline;

    /** What a connection needs from the connector that owns it. */
    interface ConnectionOwner {
        /** Hands a quiet connection back to the selector loop. */
        void park(Connection connection);

        /** Forgets a closed connection. */
        void closed(Connection connection);
    }

    Connection(SocketChannel channel, InetSocketAddress remote, ConnectorSettings settings, Backends backends,
            ConnectionOwner owner, HttpDate date) {
        this.channel = channel;
        this.remote = remote;
        this.settings = settings;
        this.backends = backends;
        this.owner = owner;
        this.date = date;
        this.io = new ChannelIO(channel, settings.writeTimeoutNanos());
        this.input = new ConnectionInput(io);
        this.sink = new ResponseSink(io);
        this.idleSince = System.nanoTime();
        this.headDeadline = idleSince + settings.headerTimeoutNanos();
    }

    SocketChannel channel() {
        return channel;
    }

    long idleSince() {
        return idleSince;
    }

    /** Called by the selector loop when a parked connection has bytes again. */
    void resumed() {
        headDeadline = System.nanoTime() + settings.headerTimeoutNanos();
    }

    /** Ends any wait for a next request; the request under way, if any, finishes first. */
    void stop() {
        io.stop();
    }

    @Override
    public void run() {
        io.attach(((WorkerThread) Thread.currentThread()).waiter());
        boolean park = false;
        try {
            park = serve();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "connection from " + remote + " ended: " + e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "connection from " + remote + " failed", e);
        } finally {
            try {
                io.detach();
            } catch (IOException e) {
                park = false;
            }
            if (park && !io.stopping()) {
                idleSince = System.nanoTime();
                owner.park(this);
            } else {
                close();
            }
        }
    }

    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing more can be done for a connection that fails to close.
        }
        owner.closed(this);
    }

    /** Serves requests until the connection goes quiet (true: park it) or must close (false). */
    private boolean serve() throws IOException {
        while (true) {
            RequestParser parser = backends.parser();
            if (parser == null) {
                reject(HttpStatus.SERVICE_UNAVAILABLE, "request parser unavailable (rebooting)");
                return false;
            }
            ParseResult result = parser.parse(input.buffer());
            switch (result.kind()) {
                case INCOMPLETE:
                    if (!readMoreHead(parser)) {
                        return false;
                    }
                    continue;
                case REJECTED:
                    reject(result.status(), result.reason());
                    return false;
                default:
                    break;
            }
            RequestHead head = result.head();
            input.skip(head.headLength());
            if (!exchange(head)) {
                return false;
            }
            if (!awaitNextRequest()) {
                return true;
            }
            headDeadline = System.nanoTime() + settings.headerTimeoutNanos();
        }
    }

    /** @return false when the connection must close (client gone, timed out, head too large) */
    private boolean readMoreHead(RequestParser parser) throws IOException {
        if (input.full()) {
            int max = parser.maxHeadLength();
            if (input.buffer().capacity() >= max) {
                reject(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request head larger than " + max + " bytes");
                return false;
            }
            input.ensureCapacity(max);
        }
        boolean started = input.hasRemaining();
        try {
            return input.fill(headDeadline) >= 0;
        } catch (SocketTimeoutException e) {
            if (started) {
                reject(HttpStatus.REQUEST_TIMEOUT, "request head not complete within "
                        + settings.headerTimeoutNanos() / 1_000_000 + " ms");
            }
            return false;
        }
    }

    /**
     * After a response: is the next request already here or about to be? Waits a short linger before giving the
     * connection back, because under load the next request usually follows within microseconds.
     *
     * @return true to serve on, false to park
     */
    private boolean awaitNextRequest() throws IOException {
        if (input.hasRemaining()) {
            return true;
        }
        int n = input.fillNow();
        if (n > 0) {
            return true;
        }
        if (n < 0) {
            throw new IOException("client closed the connection");
        }
        return io.awaitReadable(settings.lingerNanos());
    }

    /** Answers one request; @return whether the connection can carry another. */
    private boolean exchange(RequestHead head) throws IOException {
        long started = System.nanoTime();
        long startedMillis = System.currentTimeMillis();
        boolean http11 = "HTTP/1.1".equals(head.version());
        ServerResponse response = new ServerResponse(sink, "HEAD".equals(head.method()), http11,
                head.keepAlive() && !io.stopping());
        ContinueSender continueSender = new ContinueSender(head.expectContinue() && http11, response);
        RequestBody body = body(head, continueSender);
        ServerRequest request = new ServerRequest(head, body, remote);
        try {
            if (head.framing() == BodyFraming.LENGTH && head.contentLength() > settings.maxBodyBytes()) {
                throw new RequestBodyException(HttpStatus.CONTENT_TOO_LARGE, "request body of "
                        + head.contentLength() + " bytes over the limit of " + settings.maxBodyBytes());
            }
            Dispatcher dispatcher = backends.dispatcher();
            if (dispatcher == null) {
                answer(response, HttpStatus.SERVICE_UNAVAILABLE);
            } else {
                dispatcher.dispatch(request, response);
            }
            response.finish();
            if (!body.finished() && (continueSender.pending() || !body.discard(MAX_DRAIN))) {
                response.closeAfter();
            }
        } catch (RequestBodyException e) {
            LOG.log(Level.INFO, "request from " + remote + " " + head.method() + " " + head.target() + ": "
                    + e.status() + " " + e.getMessage());
            if (!response.committed()) {
                response.closeAfter();
                answer(response, e.status());
                response.finish();
            }
            log(request, response.status(), response.bytesSent(), startedMillis, started);
            return false;
        } catch (RuntimeException e) {
            // The router turns handler failures into 500s; reaching here means the dispatcher itself failed.
            LOG.log(Level.WARNING, "dispatching " + head.method() + " " + head.target() + " failed", e);
            if (response.committed()) {
                return false;
            }
            response.closeAfter();
            answer(response, HttpStatus.INTERNAL_SERVER_ERROR);
            response.finish();
            log(request, response.status(), response.bytesSent(), startedMillis, started);
            return false;
        }
        log(request, response.status(), response.bytesSent(), startedMillis, started);
        return response.reusable();
    }

    private RequestBody body(RequestHead head, Runnable beforeFirstWait) {
        switch (head.framing()) {
            case LENGTH:
                return new FixedLengthBody(input, head.contentLength(), settings.bodyTimeoutNanos(), beforeFirstWait);
            case CHUNKED:
                return new ChunkedBody(input, settings.maxBodyBytes(), settings.bodyTimeoutNanos(), beforeFirstWait);
            default:
                return new RequestBody.Empty(input);
        }
    }

    /** Sends a connector-made error answer and closes: for requests that never reached a handler. */
    private void reject(int status, String reason) {
        LOG.log(Level.INFO, "rejected request from " + remote + ": " + status + " " + reason);
        long started = System.nanoTime();
        ServerResponse response = new ServerResponse(sink, false, true, false);
        try {
            answer(response, status);
            response.finish();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "could not send " + status + " to " + remote + ": " + e);
        }
        AccessLog log = backends.accessLog();
        if (log != null) {
            log.log(new AccessRecord(remote.getAddress().getHostAddress(), System.currentTimeMillis(), null, null,
                    null, status, response.bytesSent(), null, null, (System.nanoTime() - started) / 1000));
        }
    }

    private void answer(ServerResponse response, int status) throws IOException {
        response.header("Date", date.now());
        response.header("Server", "Rebound");
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header("Retry-After", "1");
        }
        response.send(status, "text/plain; charset=utf-8",
                (status + " " + HttpStatus.reason(status) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void log(ServerRequest request, int status, long bytes, long startedMillis, long startedNanos) {
        AccessLog log = backends.accessLog();
        if (log != null) {
            log.log(new AccessRecord(remote.getAddress().getHostAddress(), startedMillis, request.method(),
                    request.target(), request.version(), status, bytes, request.headers().first("Referer"),
                    request.headers().first("User-Agent"), (System.nanoTime() - startedNanos) / 1000));
        }
    }

    /** Sends {@code 100 Continue} when a handler first waits for a body the client holds back until asked. */
    private final class ContinueSender implements Runnable {

        private final ServerResponse response;
        private boolean pending;

        ContinueSender(boolean expected, ServerResponse response) {
            this.pending = expected;
            this.response = response;
        }

        boolean pending() {
            return pending;
        }

        @Override
        public void run() {
            if (!pending || response.committed()) {
                return;
            }
            pending = false;
            try {
                sink.putLatin1("HTTP/1.1 100 Continue\r\n\r\n");
                sink.flush();
            } catch (IOException e) {
                // The body read that follows fails with the real cause.
                LOG.log(Level.DEBUG, () -> "could not send 100 Continue to " + remote + ": " + e);
            }
        }
    }
}
