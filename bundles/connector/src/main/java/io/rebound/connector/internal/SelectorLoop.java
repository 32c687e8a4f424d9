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
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The connector's selector thread: accepts connections from the shared listening channel, watches parked
 * (idle keep-alive or not yet talking) connections until they have a request or time out, and drains closing ones
 * until their client has stopped sending. It never touches the listening channel's blocking mode or closes it: the
 * channel belongs to the listener bundle and outlives this connector, and closing our {@link Selector} only
 * deregisters it.
 */
final class SelectorLoop implements Runnable {

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
    private final Queue<Connection> toPark = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);
    private final long sweepNanos;
    private final RefusalLog overloaded = new RefusalLog(LOG, RefusalLog.INTERVAL_NANOS);
    private final RefusalLog greedy = new RefusalLog(LOG, RefusalLog.INTERVAL_NANOS);
    private volatile boolean running = true;
    /** Set once the loop has let go of its parked connections; later parkers release theirs themselves. */
    private volatile boolean ended;
    private long lastSweep = System.nanoTime();
    // Non-zero while accepting is paused after a failed accept: the nanoTime it resumes at.
    private long acceptPausedUntil;

    SelectorLoop(ServerSocketChannel listener, WorkerPool workers, ConnectorSettings settings,
            ConnectionRegistry registry, BiFunction<SocketChannel, InetSocketAddress, Connection> connections)
            throws IOException {
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
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            // A closed or blocking listener: fail the activation without leaking the selector.
            selector.close();
            throw e;
        }
    }

    /** Takes a quiet (or a closing, lingering) connection back; called from workers. */
    void park(Connection connection) {
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

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(selectMillis());
                registerParked();
                resumeAccepting();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isAcceptable()) {
                            acceptAll(key);
                        } else if (key.isReadable()) {
                            resume(key);
                        }
                    } catch (CancelledKeyException e) {
                        // A worker or the stop closed that channel meanwhile; nothing is left to do for it.
                    }
                }
                sweepIdle();
                workers.rescue(System.nanoTime());
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.log(Level.ERROR, "connector selector failed; no new connections are accepted", e);
            }
        } catch (RuntimeException e) {
            // A bug, not a condition to retry: say so in the log rather than as a bare stack trace on stderr.
            LOG.log(Level.ERROR, "connector selector failed; no new connections are accepted", e);
        } finally {
            closeParked();
        }
    }

    // Wakes often enough to sweep timeouts, to resume paused accepts, and, while connections queue for a worker, to
    // notice when all workers are stuck (WorkerPool#rescue).
    private long selectMillis() {
        long millis = acceptPausedUntil == 0 ? TimeUnit.NANOSECONDS.toMillis(sweepNanos) : ACCEPT_PAUSE_MILLIS;
        return workers.backlogged() ? Math.min(millis, TimeUnit.NANOSECONDS.toMillis(WorkerPool.STALL_NANOS)) : millis;
    }

    private void acceptAll(SelectionKey key) throws IOException {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return; // The listener bundle closed its channel: nothing more to accept, parked clients go on.
            } catch (IOException e) {
                // Typically out of file descriptors: transient, and the listener stays ready, so retrying at once
                // would spin. Stop accepting for a moment (the kernel backlog holds new clients meanwhile).
                LOG.log(Level.WARNING, "accepting a connection failed; pausing accepts for " + ACCEPT_PAUSE_MILLIS
                        + " ms: " + e);
                key.interestOps(0);
                acceptPausedUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACCEPT_PAUSE_MILLIS);
                return;
            }
            if (channel == null) {
                return;
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
            registry.add(connection);
            dispatch(connection);
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

    private void resume(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        if (connection.lingering()) {
            drain(connection);
            return;
        }
        key.interestOps(0);
        dispatch(connection);
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

    private void dispatch(Connection connection) {
        try {
            workers.execute(connection);
        } catch (RejectedExecutionException e) {
            // The pool is stopping: the next connector instance takes the connection, request bytes and all.
            connection.release();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "cannot start a connector worker", e);
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
    }

    /**
     * Closes connections idle for too long and lingering ones that never stop sending; a connection parked in the
     * middle of a request whose time is up goes back to a worker, which answers it 408.
     */
    private void sweepIdle() {
        long now = System.nanoTime();
        if (now - lastSweep < sweepNanos) {
            return;
        }
        lastSweep = now;
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
                        dispatch(connection);
                    }
                } else if (now - connection.idleSince() > settings.idleTimeoutNanos()) {
                    connection.close();
                }
            }
        }
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
