package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stopping and restarting the connector on a listening channel it does not own: the microreboot property, plus the
 * connection limit.
 */
class LifecycleTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    private TestServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void deactivateIsGracefulLeavesNoThreadsAndANewInstanceServesTheSameChannel() throws Exception {
        CountDownLatch slowEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Routes routes = new Routes()
                .on("/hello", Routes.text("hello"))
                .on("/slow", Routes.blocking(slowEntered, release, "done"));
        server = TestServer.start(settings().stopMillis(10_000), routes);
        ConnectorComponent first = server.connector();
        assertEquals(server.listener.getLocalAddress(), first.localAddress());

        try (RawClient idle = RawClient.connect(server.port());
                RawClient slow = RawClient.connect(server.port())) {
            assertEquals("hello", idle.get("/hello").bodyText());
            slow.send("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n");
            assertTrue(slowEntered.await(10, TimeUnit.SECONDS), "slow handler never called");

            Thread stopper = new Thread(server::deactivate, "test-deactivate");
            stopper.start();
            // Deactivation is under way once the stopping thread waits for the workers to finish.
            Await.until(WITHIN, () -> stopper.getState() == Thread.State.TIMED_WAITING
                    || stopper.getState() == Thread.State.WAITING, "deactivate waiting for in-flight requests");
            assertTrue(idle.closedWithin(WITHIN), "idle connection not closed by deactivate");
            release.countDown();

            RawResponse r = slow.read();
            assertEquals(200, r.status());
            assertEquals("done", r.bodyText());
            // With nothing to hand it over to (no Handover service here), the connection closes after its answer.
            assertTrue(slow.closedWithin(WITHIN), "connection of the last request not closed");

            stopper.join(WITHIN.toMillis());
            assertFalse(stopper.isAlive(), "deactivate did not return");
        }

        Await.until(WITHIN, () -> connectorThreads().isEmpty(), () -> "threads alive: " + connectorThreads());
        assertEquals(0, first.openConnections());
        assertTrue(server.listener.isOpen(), "the borrowed listening channel was closed");

        // A client connecting between two instances waits in the backlog and is served by the next one.
        try (RawClient early = RawClient.connect(server.port())) {
            early.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n");
            server.replace(server.newConnector(settings(), routes));
            assertEquals("hello", early.read().bodyText());
            assertEquals("hello", early.get("/hello").bodyText());
        }
        try (RawClient client = RawClient.connect(server.port())) {
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void stopCutsARequestThatOutlivesTheStopTimeout() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Routes routes = new Routes().on("/hang", Routes.blocking(entered, never, "late"));
        server = TestServer.start(settings().stopMillis(300), routes);
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /hang HTTP/1.1\r\nHost: test\r\n\r\n");
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            long started = System.nanoTime();
            server.deactivate();
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "deactivate took too long");
            assertTrue(client.closedWithin(WITHIN), "hung request's connection not cut");
        } finally {
            never.countDown();
        }
        Await.until(WITHIN, () -> connectorThreads().isEmpty(), () -> "threads alive: " + connectorThreads());
        assertTrue(server.listener.isOpen());
    }

    @Test
    void connectionsOverTheLimitAreRefusedWith503() throws IOException {
        server = TestServer.start(settings().maxConnections(2), new Routes().on("/hello", Routes.text("hello")));
        try (RawClient a = RawClient.connect(server.port()); RawClient b = RawClient.connect(server.port())) {
            assertEquals("hello", a.get("/hello").bodyText());
            assertEquals("hello", b.get("/hello").bodyText());
            assertEquals(2, server.connector().openConnections());

            try (RawClient third = RawClient.connect(server.port())) {
                RawResponse r = third.read();
                assertEquals(503, r.status());
                assertNotNull(r.header("Retry-After"), r::toString);
                assertTrue(r.closes(), r::toString);
                assertTrue(third.closedWithin(WITHIN));
            }
            // The two admitted connections are unaffected.
            assertEquals("hello", a.get("/hello").bodyText());
        }
        Await.until(WITHIN, () -> server.connector().openConnections() == 0, "connections forgotten");
        try (RawClient c = RawClient.connect(server.port())) {
            assertEquals("hello", c.get("/hello").bodyText());
        }
    }

    private static List<String> connectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("rebound-connector-"))
                .map(Thread::getName).collect(Collectors.toList());
    }
}
