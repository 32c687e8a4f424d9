package io.rebound.connector.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.rebound.http.api.HttpDate;
import io.rebound.http.api.HttpStatus;
import io.rebound.http.spi.AccessLog;
import io.rebound.http.spi.AccessRecord;
import io.rebound.http.spi.BodyFraming;
import io.rebound.http.spi.Dispatcher;
import io.rebound.http.spi.ParseResult;
import io.rebound.http.spi.RequestHead;
import io.rebound.http.spi.RequestParser;
import io.rebound.recovery.api.Call;
import io.rebound.recovery.api.FaultSwitch;

/**
 * One client connection. The thread of the {@link SelectorLoop} that finds it ready (or a worker, for a connection
 * handed to the pool) runs {@link #run()} while requests keep coming; when the connection goes quiet it is handed
 * back to its loop (parked) so an idle keep-alive client holds no thread.
 */
final class Connection implements Runnable {

    private static final System.Logger LOG = System.getLogger("io.rebound.connector");

    // Requests that may be repeated without changing the outcome, so safe to retry after a failure (RFC 9110 9.2.2).
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

    // A request body the handler left unread is drained up to this much so the connection can be reused...
    private static final long MAX_DRAIN = 256 * 1024;
    // ...if it comes at once: the answer is out, and a client slow to send the rest must not hold the worker.
    private static final long MAX_DRAIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    // A body up to this size is read before the request is dispatched, the way a head is: without holding a worker
    // while a slow client sends it. Bigger ones are streamed to the handler, paced by BodyPace.
    static final int MAX_READ_AHEAD = 16 * 1024;
    // How long a worker waits for more of a request under way before parking the connection: long enough for the
    // next segment of a head sent in pieces, short enough that clients dribbling bytes cost next to no worker time.
    private static final long MAX_MID_REQUEST_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final SocketChannel channel;
    private final InetSocketAddress remote;
    // The selector loop that watches this connection while it is parked (set before it is first parked or served).
    private SelectorLoop home;
    private final ConnectorSettings settings;
    private final Backends backends;
    private final ConnectionOwner owner;
    private final ChannelIO io;
    private final ConnectionInput input;
    private final ResponseSink sink;
    // When the wait for the next request began (set when parked; read by the selector loop's idle sweep).
    private volatile long idleSince;
    // Set once the response side is shut and the connection only drains the client's input before closing.
    private volatile boolean lingering;
    // While a request's head, or a body read ahead, arrives across parks: the time by which all of it must be here;
    // 0 between requests. The selector loop's sweep serves a connection whose time is up, which answers it 408.
    private volatile long inputDeadline;
    // Whether the bytes awaited are a body read ahead (rather than the head).
    private boolean awaitingBody;
    // Set when the request under way waits for more bytes and the connection is to be parked meanwhile.
    private boolean waitingForInput;
    // Whether the current request can still be served from scratch: none of its bytes consumed, nothing answered.
    private boolean replayable;
    // Set when the request under way, intact in the input again, goes to the next connector instance with the
    // connection: it waited for a rebooting backend while this instance stopped.
    private boolean handingOver;
    // Where the current request's head began and ended in the input buffer: while the buffer is not refilled (the
    // position still at the end), the head is still there, to be put back for a hand-over.
    private int headStart;
    private int headEnd = -1;

    /** What a connection needs from the connector that owns it. */
    interface ConnectionOwner {
        /** Hands a quiet connection back to the selector loop. */
        void park(Connection connection);

        /** Forgets a closed connection. */
        void closed(Connection connection);

        /** Has another worker serve the connection (this worker is dying); false if the pool refuses. */
        boolean redispatch(Connection connection);

        /** Leaves the open connection for the next connector instance; false if there is no handover. */
        boolean handOver(Connection connection);

        /**
         * Claims one of the few places for a worker to wait on a quiet connection for its next request; refused
         * while other connections wait for a worker or enough workers linger already.
         *
         * @return whether the worker may linger; if so it calls {@link #lingered()} when done
         */
        boolean tryLinger();

        /** Gives back the place {@link #tryLinger()} claimed. */
        void lingered();
    }

    Connection(SocketChannel channel, InetSocketAddress remote, ConnectorSettings settings, Backends backends,
            ConnectionOwner owner) {
        this(channel, remote, settings, backends, owner, null);
    }

    /** @param pending bytes a previous connector instance had received on this connection, or {@code null} */
    Connection(SocketChannel channel, InetSocketAddress remote, ConnectorSettings settings, Backends backends,
            ConnectionOwner owner, ByteBuffer pending) {
        this.channel = channel;
        this.remote = remote;
        this.settings = settings;
        this.backends = backends;
        this.owner = owner;
        this.io = new ChannelIO(channel, settings.writeTimeoutNanos());
        this.input = new ConnectionInput(io);
        if (pending != null) {
            input.prefill(pending);
        }
        this.sink = new ResponseSink(io);
        this.idleSince = System.nanoTime();
    }

    SocketChannel channel() {
        return channel;
    }

    SelectorLoop home() {
        return home;
    }

    void home(SelectorLoop loop) {
        this.home = loop;
    }

    InetSocketAddress remote() {
        return remote;
    }

    long idleSince() {
        return idleSince;
    }

    /** @return whether the connection is parked in the middle of a request (see {@link #inputDeadline()}) */
    boolean midRequest() {
        return inputDeadline != 0;
    }

    /** @return when the request under way must be complete, as a {@link System#nanoTime()} */
    long inputDeadline() {
        return inputDeadline;
    }

    /** Ends any wait for a next request; the request under way, if any, finishes first. */
    void stop() {
        io.stop();
    }

    @Override
    public void run() {
        io.attach(((WorkerThread) Thread.currentThread()).waiter());
        boolean park = false;
        boolean answered = false;
        boolean replay = false;
        try {
            park = serve();
            answered = !park;
        } catch (IOException e) {
            debug("connection from " + remote + " ended: " + e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "connection from " + remote + " failed", e);
            replay = replayable;
        } catch (Error e) {
            // The worker dies (and the supervisor sees it die), but when nothing of the current request was consumed
            // yet, the connection itself is intact: another worker serves it, and the client never notices.
            replay = replayable && !(e instanceof VirtualMachineError);
            throw e;
        } finally {
            try {
                io.detach();
            } catch (IOException e) {
                park = false;
                replay = false;
            }
            if (handingOver) {
                LOG.log(Level.INFO, "request from " + remote + " waiting for a rebooting backend handed to the next "
                        + "connector instance");
                release();
            } else if (replay && !io.stopping() && owner.redispatch(this)) {
                LOG.log(Level.INFO, "connection from " + remote + " handed to another worker");
            } else if (park || replay) {
                if (io.stopping()) {
                    release();
                } else {
                    idleSince = System.nanoTime();
                    owner.park(this);
                }
            } else if (answered && !io.stopping()) {
                closeGracefully();
            } else {
                close();
            }
        }
    }

    /**
     * Lets go of an open connection when this connector instance stops: handed over to the next instance if it is
     * between requests, closed otherwise.
     */
    void release() {
        if (lingering || !owner.handOver(this)) {
            close();
        }
    }

    /** @return the bytes received and not yet consumed (the start of the next request), for a handover */
    ByteBuffer pending() {
        return input.buffer().duplicate();
    }

    /** @return whether the connection is closing and only waits for the client to stop sending */
    boolean lingering() {
        return lingering;
    }

    /**
     * Closes after an answer while the client may still be sending (an unread body, the rest of a rejected
     * request): closing at once with unread input makes the kernel reset the connection, and a reset can destroy
     * the answer before the client reads it, or fail a client still writing its body. So only the sending side is
     * closed now (the client sees the end of the response), and the selector loop reads and drops whatever still
     * comes until the client closes or {@link SelectorLoop} gives up.
     */
    private void closeGracefully() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            close();
            return;
        }
        lingering = true;
        idleSince = System.nanoTime();
        owner.park(this);
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
            // Also for a connection just accepted: one that connects and stays silent (browsers open spare
            // connections) is parked like an idle keep-alive one instead of holding this worker.
            if (!awaitRequest()) {
                return true;
            }
            // The connector watches its own work on each request, so a worker stuck in connector code is seen
            // as a hang of the connector (calls into other components are watched separately, innermost wins).
            Call self = backends.enter(backends);
            io.watchedBy(self);
            replayable = true;
            try {
                FaultSwitch faults = backends.faults();
                faults.onTurn();
                faults.onCall();
                Step step = serveOne();
                if (step != Step.SERVED) {
                    return step == Step.PARK;
                }
            } catch (RuntimeException e) {
                self.failed(e);
                throw e;
            } finally {
                io.watchedBy(Call.NONE);
                self.close();
            }
        }
    }

    /** What became of the connection's turn at a request. */
    private enum Step {
        /** Answered, and the connection can carry another request. */
        SERVED,
        /** The request is not all here yet: park the connection until more comes. */
        PARK,
        /** Close the connection (answered or not). */
        CLOSE
    }

    private Step serveOne() throws IOException {
        if (inputDeadline == 0) {
            // The head timeout starts now that the request has begun, not when the worker was queued; it runs on
            // while the connection is parked waiting for the rest of the head.
            inputDeadline = System.nanoTime() + settings.headerTimeoutNanos();
            awaitingBody = false;
        }
        waitingForInput = false;
        RequestHead head = readHead();
        if (head == null) {
            return waitingForInput ? Step.PARK : Step.CLOSE;
        }
        inputDeadline = 0;
        replayable = false;
        headStart = input.buffer().position();
        input.skip(head.headLength());
        headEnd = input.buffer().position();
        return exchange(head) ? Step.SERVED : Step.CLOSE;
    }

    /**
     * @return the next request head, with its body if that is {@linkplain #readsAhead read ahead}; null when the
     *         connection must close (answered or not) or, with {@link #waitingForInput} set, be parked
     */
    private RequestHead readHead() throws IOException {
        RequestParser failed = null;
        while (true) {
            RequestParser parser = await(backends.parser(), failed);
            if (parser == null && replayable && backends.parser().closed()) {
                handingOver = true; // nothing of the request consumed: the next instance parses it
                return null;
            }
            if (parser == null) {
                reject(HttpStatus.SERVICE_UNAVAILABLE, failed == null
                        ? "no request parser within " + settings.holdNanos() / 1_000_000 + " ms (rebooting)"
                        : "the request parser failed and no replacement came within "
                                + settings.holdNanos() / 1_000_000 + " ms");
                return null;
            }
            ParseResult result;
            int maxHead;
            Call call = backends.enter(parser);
            try {
                result = Objects.requireNonNull(parser.parse(input.buffer()), "the parser returned null");
                maxHead = parser.maxHeadLength();
                if (result.kind() == ParseResult.Kind.COMPLETE && (result.head().headLength() <= 0
                        || result.head().headLength() > input.buffer().remaining())) {
                    throw new IllegalStateException("the parser claimed a head of " + result.head().headLength()
                            + " bytes out of " + input.buffer().remaining());
                }
            } catch (RuntimeException | Error e) {
                // A broken parser (or a stale one whose bundle was just refreshed: NoClassDefFoundError) is the
                // parser's failure, reported so it is rebooted. The request's bytes are still in the buffer, so it
                // is parsed again, once, by the replacement: the client never sees the parser's crash.
                rethrowIfFatal(e);
                call.failed(e);
                // A hung call is ended by interrupting its thread; that interrupt was for the call, now over.
                Thread.interrupted();
                if (failed != null) {
                    LOG.log(Level.ERROR, "request parser failed again on a request from " + remote, e);
                    reject(HttpStatus.SERVICE_UNAVAILABLE, "request parser failed twice: " + e);
                    return null;
                }
                LOG.log(Level.WARNING, "request parser failed on a request from " + remote
                        + "; parsing it again on the parser's replacement: " + e);
                failed = parser;
                continue;
            } finally {
                call.close();
            }
            switch (result.kind()) {
                case COMPLETE:
                    return readBodyAhead(result.head()) ? result.head() : null;
                case REJECTED:
                    reject(result.status(), result.reason());
                    return null;
                default:
                    if (!readMoreHead(maxHead)) {
                        return null;
                    }
            }
        }
    }

    /**
     * The current instance of a backend other than {@code failed}, waiting up to the hold time while it reboots.
     *
     * @return the instance, or {@code null} when none came in time
     */
    private <T> T await(ServiceGate<T> gate, T failed) {
        T service = gate.get();
        if (service != null && service != failed) {
            return service;
        }
        try {
            return gate.await(failed, System.nanoTime() + settings.holdNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** @return whether more bytes came; false when the connection must close or park (head too large, ...) */
    private boolean readMoreHead(int max) throws IOException {
        if (input.full()) {
            if (input.buffer().capacity() >= max) {
                reject(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request head larger than " + max + " bytes");
                return false;
            }
            input.ensureCapacity(max);
        }
        return readMore();
    }

    /**
     * Makes sure a body that is {@linkplain #readsAhead read ahead} is all in the buffer.
     *
     * @return true when it is (or the body is not read ahead); false when the connection must close or park
     */
    private boolean readBodyAhead(RequestHead head) throws IOException {
        if (!readsAhead(head)) {
            return true;
        }
        int length = head.headLength() + (int) head.contentLength();
        if (input.buffer().remaining() >= length) {
            return true;
        }
        if (!awaitingBody) {
            // The body gets its own time, from the end of the head.
            awaitingBody = true;
            inputDeadline = System.nanoTime() + settings.bodyTimeoutNanos();
        }
        input.ensureCapacity(length);
        while (input.buffer().remaining() < length) {
            if (!readMore()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the body is read before dispatching: a small one of declared length, when no 100 Continue is to be
     * awaited (the client then holds it back until the handler asks) and the 413 check will not refuse it. Reading it
     * in parks makes a client that dribbles its body cost no worker, like one that dribbles its head.
     */
    private boolean readsAhead(RequestHead head) {
        return head.framing() == BodyFraming.LENGTH && head.contentLength() > 0
                && head.contentLength() <= MAX_READ_AHEAD && head.contentLength() <= settings.maxBodyBytes()
                && !head.expectContinue();
    }

    /**
     * Reads more of the request under way without letting a slow client hold this worker: what has arrived, or
     * arrives within a moment, is taken at once; otherwise the connection is to be parked (the selector loop brings
     * it back when more comes, or when its time is up for the 408).
     *
     * @return whether bytes came; false when the connection must close (client gone, timed out: answered) or be
     *         parked ({@link #waitingForInput} set)
     */
    private boolean readMore() throws IOException {
        long left = inputDeadline - System.nanoTime();
        if (left <= 0) {
            reject(HttpStatus.REQUEST_TIMEOUT, awaitingBody
                    ? "request body not complete within " + settings.bodyTimeoutNanos() / 1_000_000 + " ms"
                    : "request head not complete within " + settings.headerTimeoutNanos() / 1_000_000 + " ms");
            return false;
        }
        int n = input.fillNow();
        long wait = Math.min(left, Math.min(settings.lingerNanos(), MAX_MID_REQUEST_WAIT_NANOS));
        if (n == 0 && io.awaitReadable(wait)) {
            n = input.fillNow();
        }
        if (n != 0) {
            return n > 0; // at the end of the stream, the client gave up on its request: nobody to answer
        }
        waitingForInput = true;
        if (!input.hasRemaining()) {
            inputDeadline = 0; // woken for nothing: no request has begun, so park as an idle connection
        }
        return false;
    }

    /**
     * Is a request already here or about to be? Waits a short linger before giving the connection back, because
     * under load the next request usually follows within microseconds (and a new connection's first request
     * follows its handshake as closely).
     *
     * @return true to serve on, false to park
     */
    private boolean awaitRequest() throws IOException {
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
        // Lingering keeps this worker on one quiet connection, and under load every wake-up is a context switch for
        // one request: so only a few workers linger (as many as the pool runs at once), none while other connections
        // wait for a worker. The rest hand their connection back to the selector and serve whichever is ready next.
        if (!owner.tryLinger()) {
            return false;
        }
        try {
            return io.awaitReadable(settings.lingerNanos());
        } finally {
            owner.lingered();
        }
    }

    /** Answers one request; @return whether the connection can carry another. */
    private boolean exchange(RequestHead head) throws IOException {
        long started = System.nanoTime();
        long startedMillis = System.currentTimeMillis();
        boolean http11 = "HTTP/1.1".equals(head.version());
        ServerResponse response = new ServerResponse(sink, "HEAD".equals(head.method()), http11, head.keepAlive());
        ContinueSender continueSender = new ContinueSender(head.expectContinue() && http11, response);
        RequestBody body = body(head, continueSender);
        // Decided when the head is written rather than now, so the head can say "Connection: close": a body the
        // client still holds back (no 100 Continue sent) leaves the framing of whatever follows on the connection
        // unknown; nor will a body too large to drain be drained. (A stopping connector keeps connections alive:
        // it hands them over to its successor.)
        response.closeIf(new UndrainableBody(body, continueSender));
        ServerRequest request = new ServerRequest(head, body, remote);
        try {
            if (head.framing() == BodyFraming.LENGTH && head.contentLength() > settings.maxBodyBytes()) {
                throw new RequestBodyException(HttpStatus.CONTENT_TOO_LARGE, "request body of "
                        + head.contentLength() + " bytes over the limit of " + settings.maxBodyBytes());
            }
            dispatch(request, response, body);
            if (handingOver) {
                return false;
            }
            response.finish();
            if (!body.finished() && (continueSender.pending() || !body.discard(MAX_DRAIN, MAX_DRAIN_WAIT_NANOS))) {
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
        } catch (RuntimeException | Error e) {
            // The router failed after it had started answering: the answer cannot be taken back, only cut short.
            rethrowIfFatal(e);
            LOG.log(Level.WARNING, "dispatching " + head.method() + " " + head.target() + " failed mid-answer: " + e);
            return false;
        }
        log(request, response.status(), response.bytesSent(), startedMillis, started);
        return response.reusable();
    }

    /**
     * Hands the request to the router, holding it while the router reboots. When the router itself fails (the
     * router turns handler failures into answers of its own, so this is the router's failure, reported so it gets
     * rebooted) before answering, an idempotent request whose body was not touched is retried once on the router's
     * replacement; anything else gets 503 with Retry-After, never a silent duplicate.
     */
    private void dispatch(ServerRequest request, ServerResponse response, RequestBody body) throws IOException {
        Dispatcher failed = null;
        while (true) {
            Dispatcher dispatcher = await(backends.dispatcher(), failed);
            if (dispatcher == null && backends.dispatcher().closed() && handOverUnanswered(request, response, body)) {
                return;
            }
            if (dispatcher == null) {
                answer(response, HttpStatus.SERVICE_UNAVAILABLE);
                return;
            }
            Call call = backends.enter(dispatcher);
            try {
                dispatcher.dispatch(request, response);
                return;
            } catch (RuntimeException | Error e) {
                rethrowIfFatal(e);
                call.failed(e);
                // A hung call is ended by interrupting its thread; that interrupt was for the call, now over.
                Thread.interrupted();
                if (response.committed()) {
                    throw e;
                }
                response.reset();
                if (failed != null || !IDEMPOTENT.contains(request.method()) || body.touched()) {
                    LOG.log(Level.WARNING, "router failed on " + request.method() + " " + request.target()
                            + "; not retried (" + (failed != null ? "failed twice" : "not idempotent")
                            + "), answering 503: " + e);
                    response.closeAfter();
                    answer(response, HttpStatus.SERVICE_UNAVAILABLE);
                    return;
                }
                LOG.log(Level.WARNING, "router failed on " + request.method() + " " + request.target()
                        + "; retrying on its replacement: " + e);
                failed = dispatcher;
            } finally {
                call.close();
            }
        }
    }

    /**
     * Gives the request back to the input, whole, for the next connector instance: only an idempotent request
     * nothing was answered to, whose body was not touched, and whose head is still in the buffer as it was read.
     *
     * @return whether it is handed over
     */
    private boolean handOverUnanswered(ServerRequest request, ServerResponse response, RequestBody body) {
        if (!IDEMPOTENT.contains(request.method()) || body.touched() || response.committed()
                || input.buffer().position() != headEnd) {
            return false;
        }
        input.buffer().position(headStart);
        handingOver = true;
        return true;
    }

    private RequestBody body(RequestHead head, Runnable beforeFirstWait) {
        switch (head.framing()) {
            case LENGTH:
                return new FixedLengthBody(input, head.contentLength(), settings.bodyPace(), beforeFirstWait);
            case CHUNKED:
                return new ChunkedBody(input, settings.maxBodyBytes(), settings.bodyPace(), beforeFirstWait);
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
            debug("could not send " + status + " to " + remote + ": " + e);
        }
        record(new AccessRecord(remote.getAddress().getHostAddress(), System.currentTimeMillis(), null, null, null,
                status, response.bytesSent(), null, null, (System.nanoTime() - started) / 1000));
    }

    private void answer(ServerResponse response, int status) throws IOException {
        response.header("Date", HttpDate.now());
        response.header("Server", "Rebound");
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header("Retry-After", "1");
        }
        response.send(status, "text/plain; charset=utf-8",
                (status + " " + HttpStatus.reason(status) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void log(ServerRequest request, int status, long bytes, long startedMillis, long startedNanos) {
        record(new AccessRecord(remote.getAddress().getHostAddress(), startedMillis, request.method(),
                request.target(), request.version(), status, bytes, request.headers().first("Referer"),
                request.headers().first("User-Agent"), (System.nanoTime() - startedNanos) / 1000));
    }

    /**
     * Hands a record to every access log (the log file, request metrics); a failing one costs its record, not the
     * answer nor the others' records.
     */
    private void record(AccessRecord record) {
        for (AccessLog log : backends.accessLogs()) {
            record(log, record);
        }
    }

    private void record(AccessLog log, AccessRecord record) {
        Call call = backends.enter(log);
        try {
            log.log(record);
        } catch (RuntimeException | Error e) {
            rethrowIfFatal(e);
            call.failed(e);
            LOG.log(Level.WARNING, "access log failed; lost the record of " + record.method() + " "
                    + record.target() + " from " + record.remoteHost() + ": " + e);
        } finally {
            call.close();
        }
    }

    /**
     * Lets through the errors no component can recover from (out of memory and the like); anything else a backend
     * throws, errors included, is that backend's failure and is answered as such.
     */
    private static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
        }
    }

    // Guarded calls rather than message suppliers: this class is loaded anew on every reboot, and a lambda's first
    // use costs a generated class while the requests held by the reboot wait.
    private static void debug(String message) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, message);
        }
    }

    /** Whether the connection must close after the response: see {@link #exchange}. */
    private static final class UndrainableBody implements BooleanSupplier {

        private final RequestBody body;
        private final ContinueSender continueSender;

        UndrainableBody(RequestBody body, ContinueSender continueSender) {
            this.body = body;
            this.continueSender = continueSender;
        }

        @Override
        public boolean getAsBoolean() {
            return !body.finished() && (continueSender.pending() || body.knownRemaining() > MAX_DRAIN);
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
                debug("could not send 100 Continue to " + remote + ": " + e);
            }
        }
    }
}
