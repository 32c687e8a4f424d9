package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-address connection limit, over real sockets, and the bookkeeping and logging behind it. */
class ConnectionLimitsTest {

    private static final int PER_ADDRESS = 3;

    private final List<RawClient> clients = new ArrayList<>();
    private TestServer server;

    @AfterEach
    void stop() throws IOException {
        for (RawClient c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void connectionOverThePerAddressLimitIs503AndClosedWhileOtherAddressesAreServed() throws Exception {
        server = TestServer.start(settings().maxConnectionsPerAddress(PER_ADDRESS),
                new Routes().on("/hello", Routes.text("hello")));
        try (LogCapture log = new LogCapture()) {
            List<RawClient> first = new ArrayList<>();
            for (int i = 0; i < PER_ADDRESS; i++) {
                RawClient c = open(InetAddress.getLoopbackAddress());
                assertEquals(200, c.get("/hello").status());
                first.add(c);
            }

            RawClient extra = open(InetAddress.getLoopbackAddress());
            RawResponse refused = extra.read();
            assertEquals(503, refused.status(), refused::toString);
            assertTrue(refused.closes(), refused::toString);
            assertTrue(extra.closedWithin(Duration.ofSeconds(5)), "refused connection left open");

            // Another client machine is not affected by the greedy one.
            RawClient other = open(InetAddress.getByName("127.0.0.2"));
            assertEquals(200, other.get("/hello").status());

            // One line, naming the address and the limit.
            List<String> lines = log.lines(Level.WARNING, "per client address");
            assertEquals(1, lines.size(), lines::toString);
            assertTrue(lines.get(0).contains("127.0.0.1") && lines.get(0).contains(String.valueOf(PER_ADDRESS)),
                    lines.get(0));

            // Once one of its connections closes, the address may open another.
            first.get(0).close();
            Await.until(Duration.ofSeconds(5), () -> server.connector().openConnections() == PER_ADDRESS,
                    () -> "open connections: " + server.connector().openConnections());
            assertEquals(200, open(InetAddress.getLoopbackAddress()).get("/hello").status());
        }
    }

    @Test
    void aFloodOfRefusalsIsOneLogLine() throws Exception {
        server = TestServer.start(settings().maxConnectionsPerAddress(1), new Routes().on("/hello",
                Routes.text("hello")));
        try (LogCapture log = new LogCapture()) {
            assertEquals(200, open(InetAddress.getLoopbackAddress()).get("/hello").status());
            for (int i = 0; i < 20; i++) {
                assertEquals(503, open(InetAddress.getLoopbackAddress()).read().status());
            }
            assertEquals(1, log.lines(Level.WARNING, "per client address").size());
        }
    }

    @Test
    void refusalLogReportsWhatItKeptQuietAbout() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        RefusalLog refusals = new RefusalLog(new CollectingLogger(lines), Duration.ofMillis(50).toNanos());
        for (int i = 0; i < 10; i++) {
            refusals.refused(() -> "refused");
        }
        assertEquals(List.of("refused"), lines);
        long since = System.nanoTime();
        Await.until(Duration.ofSeconds(5), () -> {
            refusals.refused(() -> "refused");
            return lines.size() == 2;
        }, () -> "second line: " + lines);
        assertTrue(System.nanoTime() - since >= Duration.ofMillis(40).toNanos(), "second line within the interval");
        assertTrue(lines.get(1).startsWith("refused (and ") && lines.get(1).contains("more refused"), lines.get(1));
    }

    @Test
    void registryCountsEachConnectionOncePerAddress() throws IOException {
        ConnectionRegistry registry = new ConnectionRegistry();
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        try (SocketChannel c1 = SocketChannel.open(); SocketChannel c2 = SocketChannel.open();
                SocketChannel c3 = SocketChannel.open()) {
            Connection fromA1 = connection(c1, a, 1000);
            Connection fromA2 = connection(c2, a, 1001);
            Connection fromB = connection(c3, b, 1000);
            registry.add(fromA1);
            registry.add(fromA2);
            registry.add(fromB);
            registry.add(fromA1);
            assertEquals(2, registry.openFrom(a));
            assertEquals(1, registry.openFrom(b));

            // A handover forgets a connection and its close forgets it again: counted down once.
            registry.remove(fromA1);
            registry.remove(fromA1);
            assertEquals(1, registry.openFrom(a));
            registry.remove(fromA2);
            registry.remove(fromB);
            assertEquals(0, registry.openFrom(a));
            assertEquals(0, registry.openFrom(b));
            assertEquals(0, registry.size());
        }
    }

    private RawClient open(InetAddress from) throws IOException {
        RawClient c = RawClient.connectFrom(from, server.port());
        clients.add(c);
        return c;
    }

    private static Connection connection(SocketChannel channel, InetAddress address, int port) {
        return new Connection(channel, new InetSocketAddress(address, port), settings().build(), null, null);
    }

    /** A System.Logger that keeps the messages it is given. */
    private static final class CollectingLogger implements System.Logger {

        private final List<String> lines;

        CollectingLogger(List<String> lines) {
            this.lines = lines;
        }

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(System.Logger.Level level) {
            return true;
        }

        @Override
        public void log(System.Logger.Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(msg);
        }

        @Override
        public void log(System.Logger.Level level, java.util.ResourceBundle bundle, String format,
                Object... params) {
            lines.add(format);
        }
    }
}
