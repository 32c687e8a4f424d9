package io.rebound.connector.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rebound.http.spi.AccessRecord;
import io.rebound.http.spi.Dispatcher;
import io.rebound.http.spi.Handover;
import io.rebound.parser.internal.Http11RequestParser;
import io.rebound.parser.internal.ParserLimits;

/**
 * A connector on a real loopback listening channel, set up the way the listener bundle hands it over
 * (non-blocking, owned by someone else), with the real parser and a list collecting access records.
 */
final class TestServer implements AutoCloseable {

    final ServerSocketChannel listener;
    final List<AccessRecord> accessRecords = new CopyOnWriteArrayList<>();
    private ConnectorComponent connector;
    private boolean deactivated;

    private TestServer(ServerSocketChannel listener) {
        this.listener = listener;
    }

    static TestServer start(TestSettings settings, Dispatcher dispatcher) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            listener.configureBlocking(false);
            TestServer server = new TestServer(listener);
            server.connector = server.newConnector(settings, dispatcher);
            return server;
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /**
     * A started connector wired the way SCR does it: constructed, then the reference fields injected (real parser,
     * the given dispatcher, access records into the list), then activated.
     */
    ConnectorComponent newConnector(TestSettings settings, Dispatcher dispatcher) throws IOException {
        ConnectorComponent c = new ConnectorComponent(listener, settings.build());
        c.handover = handover;
        c.bindParser(new Http11RequestParser(ParserLimits.DEFAULTS));
        c.bindDispatcher(dispatcher);
        c.accessLogs = List.of(accessRecords::add);
        c.start();
        return c;
    }

    /** What the listener bundle provides in a framework: where connections wait between connector instances. */
    volatile Handover handover;

    ConnectorComponent connector() {
        return connector;
    }

    /** Deactivates the current connector (once) and makes {@code next} the one {@link #close()} stops. */
    void replace(ConnectorComponent next) {
        deactivate();
        connector = next;
        deactivated = false;
    }

    void deactivate() {
        if (!deactivated) {
            deactivated = true;
            connector.deactivate();
        }
    }

    int port() {
        return listener.socket().getLocalPort();
    }

    @Override
    public void close() throws IOException {
        try {
            deactivate();
        } finally {
            listener.close();
        }
    }
}
