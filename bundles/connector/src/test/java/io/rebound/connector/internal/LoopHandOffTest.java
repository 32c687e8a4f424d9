package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.rebound.recovery.api.FaultKind;
import io.rebound.recovery.api.FaultSwitch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A selector loop serves the connections it finds ready on its own thread; none of the loop's other connections may
 * wait behind a serve that blocks, nor be lost when the serving thread dies.
 */
class LoopHandOffTest {

    // Longer than any hand-over may take (the watch looks every 5 ms), far shorter than the handler below blocks.
    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    private TestServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aHandlerThatBlocksHoldsUpNoOtherConnection() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Blocks without waiting on the client: only the watch can notice.
        server = TestServer.start(settings(), new Routes()
                .on("/hello", Routes.text("hello"))
                .on("/block", Routes.blocking(entered, release, "done")));
        List<RawClient> clients = connectedClients();
        try {
            clients.get(0).send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n");
            assertTrue(entered.await(10, TimeUnit.SECONDS), "blocking handler never called");
            // Dealt out in turn, so at least one of these shares the blocked connection's loop.
            for (RawClient client : clients.subList(1, clients.size())) {
                long started = System.nanoTime();
                assertEquals("hello", client.get("/hello").bodyText());
                assertTrue(System.nanoTime() - started < PROMPTLY.toNanos(), "a connection waited for the blocked one");
            }
            release.countDown();
            RawResponse blocked = clients.get(0).read();
            assertEquals(200, blocked.status());
            assertEquals("done", blocked.bodyText());
            // The thread that blocked gave its loop away: the connection comes back to the loop and serves on.
            assertEquals("hello", clients.get(0).get("/hello").bodyText());
        } finally {
            release.countDown();
            RawClient.closeAll(clients);
        }
    }

    @Test
    void aServingThreadKilledByAnErrorLeavesItsLoopServing() throws Exception {
        AtomicReference<Thread> crashed = new AtomicReference<>();
        server = TestServer.start(settings(), new Routes().on("/hello", Routes.text("hello")));
        List<RawClient> clients = connectedClients();
        try {
            // The connector's own crash fault: the next request's turn throws an Error that kills its thread.
            FaultSwitch faults = server.connector().faults();
            faults.inject(FaultKind.CRASH);
            Thread.UncaughtExceptionHandler quiet = (thread, error) -> crashed.set(thread);
            Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
            Thread.setDefaultUncaughtExceptionHandler(quiet);
            try {
                // Nothing of that request was consumed yet: another thread serves it and the client never notices.
                assertEquals("hello", clients.get(0).get("/hello").bodyText());
                Await.until(PROMPTLY, () -> crashed.get() != null && !crashed.get().isAlive(),
                        "the crashed thread did not die");
            } finally {
                Thread.setDefaultUncaughtExceptionHandler(previous);
            }
            for (RawClient client : clients) {
                long started = System.nanoTime();
                assertEquals("hello", client.get("/hello").bodyText());
                assertTrue(System.nanoTime() - started < PROMPTLY.toNanos(), "a loop died with its thread");
            }
        } finally {
            RawClient.closeAll(clients);
        }
    }

    /**
     * @return twice as many open, parked keep-alive connections as the connector has loops, plus one: each loop
     *         watches at least two of them
     */
    private List<RawClient> connectedClients() throws IOException {
        return RawClient.servedOnce(server.port(), 2 * Runtime.getRuntime().availableProcessors() + 1, "/hello",
                "hello");
    }
}
