package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.rebound.http.spi.Handover;
import io.rebound.recovery.api.FaultKind;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Open keep-alive connections outlive a connector reboot: the clients on them never notice. */
class HandoverTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);

    private final Routes routes = new Routes().on("/hello", Routes.text("hello"));
    private final Depot depot = new Depot();
    private TestServer server;

    /** The listener bundle's depot, as a test double. */
    private static final class Depot implements Handover {
        final List<Deposit> deposits = new ArrayList<>();

        @Override
        public synchronized void deposit(Deposit deposit) {
            deposits.add(deposit);
        }

        @Override
        public synchronized List<Deposit> withdrawAll() {
            List<Deposit> all = new ArrayList<>(deposits);
            deposits.clear();
            return all;
        }
    }

    /** Longer than any of these tests may take: a request still held when the connector stops stays held. */
    private static final long LONG_HOLD_MILLIS = 30_000;

    /** A connector whose open connections outlive it through the depot. */
    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(settings().lingerMillis(0), routes);
        server.handover = depot;
        server.replace(server.newConnector(settings().lingerMillis(0).holdMillis(LONG_HOLD_MILLIS), routes));
    }

    /** A reboot, in the order a bundle reboot has: the old instance stops, then the new one starts. */
    private void reboot() throws IOException {
        server.deactivate();
        server.replace(server.newConnector(settings().lingerMillis(0).holdMillis(LONG_HOLD_MILLIS), routes));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void idleKeepAliveConnectionsAreServedByTheNextConnector() throws IOException {
        List<RawClient> clients = RawClient.servedOnce(server.port(), 20, "/hello", "hello");
        try {
            // The old instance stops (depositing its idle connections), then the new one starts (adopting them).
            server.deactivate();
            int deposited = depot.deposits.size();
            server.replace(server.newConnector(settings().lingerMillis(0), routes));
            Await.until(WITHIN, () -> server.connector().openConnections() == 20,
                    () -> "adopted " + server.connector().openConnections() + " of 20; deposited " + deposited);
            for (RawClient client : clients) {
                RawResponse r = client.get("/hello");
                assertEquals("hello", r.bodyText());
                assertFalse(r.closes(), r::toString);
            }
        } finally {
            RawClient.closeAll(clients);
        }
    }

    @Test
    void aRequestAlreadySentWhenTheConnectorStopsIsAnsweredByTheNextOne() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            assertEquals("hello", client.get("/hello").bodyText());
            Await.until(WITHIN, () -> server.connector().openConnections() == 1, () -> "not open");
            server.deactivate();
            // Sent while no connector runs: the bytes wait in the socket and the next instance reads them.
            client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n");
            server.replace(server.newConnector(settings().lingerMillis(0), routes));
            assertEquals("hello", client.read().bodyText());
        }
    }

    @Test
    void aRequestThatFailedInTheConnectorAsItStopsIsAnsweredByTheNextOne() throws IOException {
        List<RawClient> clients = RawClient.servedOnce(server.port(), 8, "/hello", "hello");
        try {
            for (int round = 0; round < 100; round++) {
                // The connector's own call fails before anything of the request is consumed, and a reboot (as the
                // supervisor starts one for that failure) races with the retry of the request.
                server.connector().faults().inject(FaultKind.EXCEPTION);
                RawClient failing = clients.get(round % clients.size());
                failing.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n");
                reboot();
                assertEquals("hello", failing.read().bodyText(), "round " + round);
                for (RawClient client : clients) {
                    assertEquals("hello", client.get("/hello").bodyText(), "round " + round);
                }
            }
        } finally {
            RawClient.closeAll(clients);
        }
    }

    @Test
    void aRequestHeldInAHungConnectorIsAnsweredByTheNextOne() throws Exception {
        try (RawClient client = RawClient.connect(server.port())) {
            assertEquals("hello", client.get("/hello").bodyText());
            // The next request's turn hangs in the connector with the request read but not consumed; stopping the
            // connector releases the hang, and the request, still intact, goes to the next instance with the
            // connection.
            server.connector().faults().inject(FaultKind.HANG);
            client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n");
            Await.until(WITHIN, () -> !server.connector().faults().armed(), "the hang did not strike");
            reboot();
            assertEquals("hello", client.read().bodyText());
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void aRequestWaitingForTheRouterWhenTheConnectorStopsIsAnsweredByTheNextOne() throws Exception {
        // The router reboots; the connector's own reboot starts before the router's is done (the supervisor reboots
        // one component at a time, so the router comes back only after the connector's stop).
        assertAnsweredByTheNextOneWhileWaitingFor("router", c -> c.unbindDispatcher(routes));
    }

    @Test
    void aRequestWaitingForTheParserWhenTheConnectorStopsIsAnsweredByTheNextOne() throws Exception {
        assertAnsweredByTheNextOneWhileWaitingFor("parser", c -> c.unbindParser(c.parser().get()));
    }

    /**
     * A request waits for a backend that {@code takeAway} removed from the connector, which then stops. The stop must
     * not wait out the hold (the backend's replacement comes only after it), and the request, given back whole with
     * its connection, is answered by the next instance.
     */
    private void assertAnsweredByTheNextOneWhileWaitingFor(String backend, Consumer<ConnectorComponent> takeAway)
            throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            assertEquals("hello", client.get("/hello").bodyText());
            takeAway.accept(server.connector());
            client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n");
            Await.until(WITHIN, () -> waitingInGate() != null, "the request to wait for the " + backend);
            long stopping = System.nanoTime();
            reboot();
            long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
            assertTrue(stopMillis < LONG_HOLD_MILLIS / 3, "the stop waited " + stopMillis + " ms for the held request");
            RawResponse r = client.read();
            assertEquals(200, r.status(), r::toString);
            assertEquals("hello", r.bodyText());
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    /** A connector thread waiting in a {@link ServiceGate} (white-box), or {@code null}. */
    private static Thread waitingInGate() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement frame : e.getValue()) {
                if (frame.getClassName().equals(ServiceGate.class.getName()) && frame.getMethodName().equals("await")) {
                    return e.getKey();
                }
            }
        }
        return null;
    }
}
