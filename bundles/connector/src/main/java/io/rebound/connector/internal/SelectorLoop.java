package io.rebound.connector.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The connector's selector thread: accepts connections from the shared listening channel, and watches parked
 * (idle keep-alive) connections until they have a new request or time out. It never touches the listening
 * channel's blocking mode or closes it: the channel belongs to the listener bundle and outlives this connector, and
 * closing our {@link Selector} only deregisters it.
 */
final class SelectorLoop implements Runnable {

    private static final System.Logger LOG = System.getLogger("io.rebound.connector");
    private static final byte[] OVERLOADED = ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Selector selector;
    private final ServerSocketChannel listener;
    private final Executor workers;
    private final ConnectorSettings settings;
    private final ConnectionRegistry registry;
    private final Function<SocketChannel, Connection> connections;
    private final Queue<Connection> toPark = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private long lastSweep = System.nanoTime();

    SelectorLoop(ServerSocketChannel listener, Executor workers, ConnectorSettings settings,
            ConnectionRegistry registry, Function<SocketChannel, Connection> connections) throws IOException {
        this.selector = Selector.open();
        this.listener = listener;
        this.workers = workers;
        this.settings = settings;
        this.registry = registry;
        this.connections = connections;
        listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** Takes a quiet connection back; called from workers. */
    void park(Connection connection) {
        toPark.add(connection);
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
                selector.select(1000);
                registerParked();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        acceptAll();
                    } else if (key.isReadable()) {
                        resume(key);
                    }
                }
                sweepIdle();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.log(Level.ERROR, "connector selector failed; no new connections are accepted", e);
            }
        } finally {
            closeParked();
        }
    }

    private void acceptAll() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                channel.close();
                continue;
            }
            if (registry.size() >= settings.maxConnections()) {
                refuse(channel);
                continue;
            }
            Connection connection = connections.apply(channel);
            if (connection == null) {
                continue;
            }
            registry.add(connection);
            dispatch(connection);
        }
    }

    private void resume(SelectionKey key) {
        key.interestOps(0);
        Connection connection = (Connection) key.attachment();
        connection.resumed();
        dispatch(connection);
    }

    private void dispatch(Connection connection) {
        try {
            workers.execute(connection);
        } catch (RejectedExecutionException e) {
            connection.close();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "cannot start a connector worker", e);
            connection.close();
        }
    }

    private void registerParked() {
        Connection connection;
        while ((connection = toPark.poll()) != null) {
            if (!running) {
                connection.close();
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

    private void sweepIdle() {
        long now = System.nanoTime();
        if (now - lastSweep < SWEEP_NANOS) {
            return;
        }
        lastSweep = now;
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Connection && key.interestOps() == SelectionKey.OP_READ) {
                Connection connection = (Connection) key.attachment();
                if (now - connection.idleSince() > settings.idleTimeoutNanos()) {
                    connection.close();
                }
            }
        }
    }

    private void closeParked() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection && key.interestOps() == SelectionKey.OP_READ) {
                ((Connection) key.attachment()).close();
            }
        }
        Connection connection;
        while ((connection = toPark.poll()) != null) {
            connection.close();
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the connector selector failed: " + e);
        }
    }

    // Over the connection limit: a best-effort 503 without reading the request, then close.
    private static void refuse(SocketChannel channel) {
        try {
            channel.write(ByteBuffer.wrap(OVERLOADED));
        } catch (IOException ignored) {
            // The client is told by the close below either way.
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing more to do.
        }
        LOG.log(Level.WARNING, () -> "connection limit reached; refused a connection");
    }

    static InetSocketAddress remoteOf(SocketChannel channel) {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }
}
