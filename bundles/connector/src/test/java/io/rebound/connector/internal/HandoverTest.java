package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.rebound.http.spi.Handover;
import io.rebound.recovery.api.FaultKind;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Open keep-alive connections outlive a connector reboot: the clients on them never notice. */
class HandoverTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);

    private final Routes routes = new Routes().on("/hello", Routes.text("hello"));
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

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(settings().lingerMillis(0), routes);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void idleKeepAliveConnectionsAreServedByTheNextConnector() throws IOException {
        Depot depot = new Depot();
        server.handover = depot;
        server.replace(server.newConnector(settings().lingerMillis(0), routes));
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawClient client = RawClient.connect(server.port());
                clients.add(client);
                assertEquals("hello", client.get("/hello").bodyText());
            }
            // Reboot, in the order a bundle reboot has: the old instance stops (depositing its idle connections),
            // then the new one starts (adopting them).
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
            for (RawClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void aRequestAlreadySentWhenTheConnectorStopsIsAnsweredByTheNextOne() throws IOException {
        Depot depot = new Depot();
        server.handover = depot;
        server.replace(server.newConnector(settings().lingerMillis(0), routes));
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
        Depot depot = new Depot();
        server.handover = depot;
        server.replace(server.newConnector(settings().lingerMillis(0), routes));
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                RawClient client = RawClient.connect(server.port());
                clients.add(client);
                assertEquals("hello", client.get("/hello").bodyText());
            }
            for (int round = 0; round < 100; round++) {
                // The connector's own call fails before anything of the request is consumed, and a reboot (as the
                // supervisor starts one for that failure) races with the retry of the request.
                server.connector().faults().inject(FaultKind.EXCEPTION);
                RawClient failing = clients.get(round % clients.size());
                failing.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n");
                server.deactivate();
                server.replace(server.newConnector(settings().lingerMillis(0), routes));
                assertEquals("hello", failing.read().bodyText(), "round " + round);
                for (RawClient client : clients) {
                    assertEquals("hello", client.get("/hello").bodyText(), "round " + round);
                }
            }
        } finally {
            for (RawClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void aRequestHeldInAHungConnectorIsAnsweredByTheNextOne() throws Exception {
        Depot depot = new Depot();
        server.handover = depot;
        server.replace(server.newConnector(settings().lingerMillis(0), routes));
        try (RawClient client = RawClient.connect(server.port())) {
            assertEquals("hello", client.get("/hello").bodyText());
            // The next request's turn hangs in the connector with the request read but not consumed; stopping the
            // connector releases the hang, and the request, still intact, goes to the next instance with the
            // connection.
            server.connector().faults().inject(FaultKind.HANG);
            client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n");
            Await.until(WITHIN, () -> !server.connector().faults().armed(), "the hang did not strike");
            server.deactivate();
            server.replace(server.newConnector(settings().lingerMillis(0), routes));
            assertEquals("hello", client.read().bodyText());
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }
}
