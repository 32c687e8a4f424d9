package io.rebound.connector.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * One of the connector's selector loops. Each watches its share of the connections: parked ones (idle keep-alive,
 * not yet talking, or in the middle of a request that arrives slowly) until they have bytes or time out, and
 * closing ones until their client has stopped sending. The first loop also accepts connections from the shared
 * listening channel and deals them out to the loops in turn.
 *
 * <p>A loop runs on a worker of the {@link WorkerPool} and serves the connections it finds ready itself, rather
 * than handing each to another worker: that hand-off cost a wake-up, and two changes of the connection's interest
 * in the selector, per request, a quarter of the CPU time of a small keep-alive request. A thread serving for a
 * loop that has to wait (for a slow client, for a rebooting component) first gives the loop to another worker, and
 * so does the {@link LoopWatch} when a serve runs on for longer than {@link #STALL_NANOS} (a slow handler, a hung
 * one): the loop's other connections never wait behind one of them for long. The old thread finishes its request
 * and goes back to the pool.
 *
 * <p>The loop never touches the listening channel's blocking mode or closes it: the channel belongs to the
 * listener bundle and outlives this connector, and closing our {@link Selector} only deregisters it.
 */
final class SelectorLoop implements HandOffQueue.Urgent {

    /** How long one serve may hold the loop before the {@link LoopWatch} gives the loop to another thread. */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private static final System.Logger LOG = System.getLogger("io.rebound.connector");
    private static final byte[] OVERLOADED = ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    // How often parked connections are checked for timeouts, at most: often enough that a timeout fires within a
    // fraction of itself (see sweepNanos).
    private static final long MAX_SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MIN_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long ACCEPT_PAUSE_MILLIS = 100;
    // How long a closing connection may keep sending what will be dropped (see Connection#closeGracefully).
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Selector selector;
    private final ServerSocketChannel listener;
    private final WorkerPool workers;
    private final ConnectorSettings settings;
    private final ConnectionRegistry registry;
    private final BiFunction<SocketChannel, InetSocketAddress, Connection> connections;
    // The loops new connections are dealt out to, this one included (set once, before the loops start).
    private SelectorLoop[] peers = { this };
    private int nextPeer;
    // The thread serving a connection for this loop right now, or null. Cleared (atomically) by whoever hands the
    // loop over to another thread: the serving thread then knows, when done, that the loop is no longer its own.
    private final AtomicReference<Object> server = new AtomicReference<>();
    // In server while a hand-over is being decided (see handOff).
    private static final Object HANDING_OVER = new Object();
    // The thread that runs the loop (null while it is handed over); a thread that finds it is no longer the owner
    // leaves the loop alone, its parked connections included.
    private volatile Thread owner;
    // When the current serve began (System.nanoTime); read by the LoopWatch.
    private volatile long servingSince;
    private final Queue<Connection> toPark = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);
    private final long sweepNanos;
    private final RefusalLog overloaded = new RefusalLog(LOG, RefusalLog.INTERVAL_NANOS);
    private final RefusalLog greedy = new RefusalLog(LOG, RefusalLog.INTERVAL_NANOS);
    private volatile boolean running = true;
    /** Set once the loop has let go of its parked connections; later parkers release theirs themselves. */
    private volatile boolean ended;
    private final CountDownLatch endedLatch = new CountDownLatch(1);
    private long lastSweep = System.nanoTime();
    // Non-zero while accepting is paused after a failed accept: the nanoTime it resumes at.
    private long acceptPausedUntil;

    /**
     * @param workers the pool whose threads run this loop: the first, and those it is handed over to
     * @param accepting whether this loop accepts new connections (exactly one of a connector's loops does)
     */
    SelectorLoop(ServerSocketChannel listener, WorkerPool workers, ConnectorSettings settings,
            ConnectionRegistry registry, BiFunction<SocketChannel, InetSocketAddress, Connection> connections,
            boolean accepting) throws IOException {
        this.selector = Selector.open();
        this.listener = listener;
        this.workers = workers;
        this.settings = settings;
        this.registry = registry;
        this.connections = connections;
        long shortestTimeout = Math.min(settings.idleTimeoutNanos(),
                Math.min(settings.headerTimeoutNanos(), settings.bodyTimeoutNanos()));
        this.sweepNanos = Math.max(MIN_SWEEP_NANOS, Math.min(MAX_SWEEP_NANOS, shortestTimeout / 4));
        try {
            if (accepting) {
                listener.register(selector, SelectionKey.OP_ACCEPT);
            }
        } catch (IOException | RuntimeException e) {
            // A closed or blocking listener: fail the activation without leaking the selector.
            selector.close();
            throw e;
        }
    }

    /** Sets the loops new connections are dealt out to (this one among them); called before the loops start. */
    void dealTo(SelectorLoop[] loops) {
        this.peers = loops.clone();
    }

    /** Starts the loop on a worker of its own. */
    void start() {
        workers.execute(this);
    }

    /** Takes a quiet (or a closing, lingering) connection back; called from the thread that served it. */
    void park(Connection connection) {
        if (running && server.get() == Thread.currentThread()) {
            // Served by this loop's own thread, which selects again next: no queue, and no wake-up needed.
            watch(connection);
            if (server.get() != Thread.currentThread()) {
                selector.wakeup(); // handed over meanwhile: the new thread may be selecting already
            }
            return;
        }
        toPark.add(connection);
        if (ended) {
            // The loop is gone (a worker finished after the stop): nobody else will take it, so hand it over here.
            releaseParked();
            return;
        }
        selector.wakeup();
    }

    /** Stops the loop; the thread ends after closing parked connections and the selector. */
    void stop() {
        running = false;
        selector.wakeup();
    }

    /** @return whether the loop ended (let go of its parked connections) before {@code deadline} (nanoTime) */
    boolean awaitEnd(long deadline) throws InterruptedException {
        return endedLatch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /** Closes the selector of a loop that never started. */
    void discard() {
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing a connector selector failed: " + e);
        }
    }

    /**
     * Gives this loop to another worker if {@code thread} serves for it right now; {@code thread} finishes its serve
     * and then leaves the loop alone. Called by that thread before it waits, and by the {@link LoopWatch}.
     */
    void handOff(Thread thread) {
        if (!server.compareAndSet(thread, HANDING_OVER)) {
            return; // done serving meanwhile, or handed over already
        }
        owner = null;
        try {
            // An idle worker or a new one; at the pool's limit, the first worker to finish its connection.
            workers.execute(this);
        } catch (RuntimeException e) {
            // Refused: the connector is stopping. The serving thread keeps the loop and ends it when done.
            owner = thread;
            server.set(thread);
            return;
        }
        // Unless the next thread is serving already (it then holds the mark): the old one now knows the loop is gone.
        server.compareAndSet(HANDING_OVER, null);
    }

    /** Called by the {@link LoopWatch}: hands the loop over if its current serve has run on too long. */
    void checkStall(long now) {
        Object thread = server.get();
        if (thread instanceof Thread && now - servingSince > STALL_NANOS) {
            handOff((Thread) thread);
        }
    }

    @Override
    public void run() {
        WorkerThread self = (WorkerThread) Thread.currentThread();
        owner = self;
        boolean mine = true;
        try {
            // A thread whose call was interrupted (ending a hang) may come back interrupted: select would spin.
            Thread.interrupted();
            while (running && mine) {
                self.selecting(true);
                try {
                    selector.select(selectMillis());
                } finally {
                    self.selecting(false);
                }
                registerParked();
                resumeAccepting();
                mine = serveSelected() && sweepIdle();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.log(Level.ERROR, "connector selector failed; its connections are no longer served", e);
            }
        } catch (RuntimeException e) {
            // A bug, not a condition to retry: say so in the log rather than as a bare stack trace on stderr.
            LOG.log(Level.ERROR, "connector selector failed; its connections are no longer served", e);
        } finally {
            // Not when an error in a serve ends this thread: the loop was handed over before it went up the stack.
            if (owner == Thread.currentThread()) {
                closeParked();
            }
        }
    }

    /** @return whether the loop is still this thread's (false: handed over while this thread served) */
    private boolean serveSelected() throws IOException {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            try {
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    if (!acceptAll(key)) {
                        return false;
                    }
                } else if (key.isReadable() && !resume(key)) {
                    return false;
                }
            } catch (CancelledKeyException e) {
                // A worker or the stop closed that channel meanwhile; nothing is left to do for it.
            }
        }
        return true;
    }

    // Wakes often enough to sweep timeouts and to resume paused accepts.
    private long selectMillis() {
        return acceptPausedUntil == 0 ? TimeUnit.NANOSECONDS.toMillis(sweepNanos) : ACCEPT_PAUSE_MILLIS;
    }

    /** @return whether the loop is still this thread's (see {@link #serveSelected}) */
    private boolean acceptAll(SelectionKey key) throws IOException {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return true; // The listener bundle closed its channel: nothing more to accept, parked clients go on.
            } catch (IOException e) {
                // Typically out of file descriptors: transient, and the listener stays ready, so retrying at once
                // would spin. Stop accepting for a moment (the kernel backlog holds new clients meanwhile).
                LOG.log(Level.WARNING, "accepting a connection failed; pausing accepts for " + ACCEPT_PAUSE_MILLIS
                        + " ms: " + e);
                key.interestOps(0);
                acceptPausedUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACCEPT_PAUSE_MILLIS);
                return true;
            }
            if (channel == null) {
                return true;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                channel.close();
                continue;
            }
            if (registry.size() >= settings.maxConnections()) {
                refuse(channel);
                overloaded.refused(() -> "connection limit of " + settings.maxConnections()
                        + " reached; refused a connection with 503");
                continue;
            }
            InetSocketAddress remote = remoteOf(channel);
            if (remote == null) {
                closeQuietly(channel); // gone already
                continue;
            }
            if (registry.openFrom(remote.getAddress()) >= settings.maxConnectionsPerAddress()) {
                refuse(channel);
                greedy.refused(() -> "limit of " + settings.maxConnectionsPerAddress()
                        + " connections per client address reached by " + remote.getAddress().getHostAddress()
                        + "; refused a connection with 503");
                continue;
            }
            Connection connection = connections.apply(channel, remote);
            SelectorLoop home = peers[nextPeer];
            nextPeer = (nextPeer + 1) % peers.length;
            connection.home(home);
            registry.add(connection);
            if (home != this) {
                home.park(connection);
            } else if (!serve(connection)) {
                return false;
            }
        }
    }

    private void resumeAccepting() {
        if (acceptPausedUntil != 0 && System.nanoTime() - acceptPausedUntil >= 0) {
            acceptPausedUntil = 0;
            SelectionKey key = listener.keyFor(selector);
            if (key != null && key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        }
    }

    /** @return whether the loop is still this thread's (see {@link #serveSelected}) */
    private boolean resume(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        if (connection.lingering()) {
            drain(connection);
            return true;
        }
        // Set back when the connection is parked again, before the next select: no change reaches the kernel.
        key.interestOps(0);
        return serve(connection);
    }

    /**
     * Serves a connection on this thread until it goes quiet.
     *
     * @return whether the loop is still this thread's: false when it was handed over meanwhile (this thread then
     *         leaves the loop alone)
     */
    private boolean serve(Connection connection) {
        Thread self = Thread.currentThread();
        WorkerThread worker = (WorkerThread) self;
        servingSince = System.nanoTime();
        server.set(self);
        worker.servingFor(this);
        try {
            connection.run();
        } catch (RuntimeException | Error e) {
            // Connection#run lets only errors out, after handing its connection to another worker: this thread dies
            // of it (so the supervisor sees the crash), but the loop lives on on another worker.
            handOff(self);
            throw e;
        } finally {
            worker.servingFor(null);
        }
        while (true) {
            Object current = server.get();
            if (current == self && server.compareAndSet(self, null)) {
                return true;
            }
            if (current != HANDING_OVER) {
                return false;
            }
            Thread.onSpinWait(); // a hand-over is being decided (see handOff): wait for the outcome
        }
    }

    /** Reads and drops what a closing client still sends; closes on its end of stream. */
    private void drain(Connection connection) {
        try {
            // Bounded per wake-up so that one fast sender cannot starve the other connections of this thread.
            for (int i = 0; i < 4; i++) {
                scratch.clear();
                int n = connection.channel().read(scratch);
                if (n < 0) {
                    connection.close();
                    return;
                }
                if (n == 0) {
                    return;
                }
            }
        } catch (IOException e) {
            connection.close();
        }
    }

    private void registerParked() {
        Connection connection;
        while ((connection = toPark.poll()) != null) {
            if (!running) {
                connection.release();
                continue;
            }
            watch(connection);
        }
    }

    /** Has the selector watch a parked connection for its next bytes. */
    private void watch(Connection connection) {
        SelectionKey key = connection.channel().keyFor(selector);
        try {
            if (key == null) {
                connection.channel().register(selector, SelectionKey.OP_READ, connection);
            } else {
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            connection.close();
        }
    }

    /**
     * Closes connections idle for too long and lingering ones that never stop sending; a connection parked in the
     * middle of a request whose time is up is served here, which answers it 408.
     *
     * @return whether the loop is still this thread's (see {@link #serveSelected})
     */
    private boolean sweepIdle() {
        long now = System.nanoTime();
        if (now - lastSweep < sweepNanos) {
            return true;
        }
        lastSweep = now;
        List<Connection> late = null;
        for (SelectionKey key : selector.keys()) {
            if (parked(key)) {
                Connection connection = (Connection) key.attachment();
                if (connection.lingering()) {
                    if (now - connection.idleSince() > LINGER_NANOS) {
                        connection.close();
                    }
                } else if (connection.midRequest()) {
                    if (now - connection.inputDeadline() >= 0) {
                        key.interestOps(0);
                        if (late == null) {
                            late = new ArrayList<>();
                        }
                        late.add(connection);
                    }
                } else if (now - connection.idleSince() > settings.idleTimeoutNanos()) {
                    connection.close();
                }
            }
        }
        // Served after walking the keys: serving may register or cancel keys, which the walk must not see.
        if (late != null) {
            for (int i = 0; i < late.size(); i++) {
                if (!serve(late.get(i))) {
                    // Handed over: the new thread's next sweep finds the rest (their interest is back on then).
                    for (int j = i + 1; j < late.size(); j++) {
                        late.get(j).home().park(late.get(j));
                    }
                    return false;
                }
            }
        }
        return true;
    }

    private void releaseParked() {
        Connection connection;
        while ((connection = toPark.poll()) != null) {
            connection.release();
        }
    }

    // Idle connections outlive this connector: released to the handover for the next instance (lingering ones close).
    private void closeParked() {
        for (SelectionKey key : selector.keys()) {
            if (parked(key)) {
                ((Connection) key.attachment()).release();
            }
        }
        ended = true;
        releaseParked();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the connector selector failed: " + e);
        }
        endedLatch.countDown();
    }

    /**
     * @return whether the key belongs to a connection waiting here, for a request or to finish closing (as
     *         opposed to one a worker serves, whose key stays registered with no interest)
     */
    private static boolean parked(SelectionKey key) {
        try {
            return key.attachment() instanceof Connection && key.interestOps() == SelectionKey.OP_READ;
        } catch (CancelledKeyException e) {
            // Closed by its worker just now (a key is cancelled from any thread): not ours to close.
            return false;
        }
    }

    // Over a connection limit: a best-effort 503 without reading the request, then close.
    private static void refuse(SocketChannel channel) {
        try {
            channel.write(ByteBuffer.wrap(OVERLOADED));
        } catch (IOException ignored) {
            // The client is told by the close below either way.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing more to do.
        }
    }

    static InetSocketAddress remoteOf(SocketChannel channel) {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }
}
