package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slow and silent clients are cut off on time, and do not keep workers from other clients. */
class TimeoutTest {

    private TestServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void halfAHeadThenSilenceIsRequestTimeout() throws IOException {
        server = TestServer.start(settings().headerMillis(500), new Routes().on("/", Routes.text("root")));
        try (RawClient client = RawClient.connect(server.port())) {
            long started = System.nanoTime();
            client.send("GET / HTTP/1.1\r\nHost: te");
            RawResponse r = client.read();
            long elapsed = System.nanoTime() - started;

            assertEquals(408, r.status());
            assertTrue(r.closes(), r::toString);
            assertTrue(client.closedWithin(Duration.ofSeconds(2)), "still open after 408");
            assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(400), "408 before the header timeout");
            assertTrue(elapsed < TimeUnit.MILLISECONDS.toNanos(3_000), "408 long after the header timeout");
        }
    }

    @Test
    void headDripFedWithinTheTimeoutIsNotCutOff() throws IOException {
        server = TestServer.start(settings().headerMillis(2_000), new Routes().on("/", Routes.text("root")));
        try (RawClient client = RawClient.connect(server.port())) {
            for (String piece : new String[] { "GET / HT", "TP/1.1\r\nHo", "st: test\r\n", "\r\n" }) {
                client.send(piece);
            }
            assertEquals("root", client.read().bodyText());
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        server = TestServer.start(settings().idleMillis(300).lingerMillis(0),
                new Routes().on("/", Routes.text("root")));
        try (RawClient client = RawClient.connect(server.port())) {
            RawResponse r = client.get("/");
            assertFalse(r.closes(), r::toString);
            long answered = System.nanoTime();

            assertTrue(client.closedWithin(Duration.ofSeconds(5)), "idle connection never closed");
            long idle = System.nanoTime() - answered;
            assertTrue(idle >= TimeUnit.MILLISECONDS.toNanos(250), "closed before the idle timeout: " + idle);
        }
        Await.until(Duration.ofSeconds(5), () -> server.connector().openConnections() == 0,
                () -> "open connections: " + server.connector().openConnections());
    }

    @Test
    void idleTimeoutDoesNotCutARequestBeingServed() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Routes routes = new Routes()
                .on("/", Routes.text("root"))
                .on("/slow", (request, response) -> {
                    try {
                        // Work that outlasts the idle timeout (and a sweep of idle connections) several times.
                        never.await(1_500, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    response.send(200, "text/plain", "slow".getBytes());
                });
        server = TestServer.start(settings().idleMillis(200).lingerMillis(0), routes);
        try (RawClient client = RawClient.connect(server.port())) {
            // First request: afterwards the connection is parked, so the second comes back through the selector.
            assertEquals("root", client.get("/").bodyText());
            RawResponse r = client.get("/slow");
            assertEquals("slow", r.bodyText());
            assertFalse(r.closes(), r::toString);
        }
    }

    @Test
    void clientThatNeverReadsIsCutAfterTheWriteTimeoutAndTheWorkerIsFreed() throws Exception {
        CountDownLatch bigStarted = new CountDownLatch(1);
        CompletableFuture<Throwable> bigOutcome = new CompletableFuture<>();
        Routes routes = new Routes()
                .on("/small", Routes.text("small"))
                .on("/big", (request, response) -> {
                    bigStarted.countDown();
                    byte[] block = new byte[64 * 1024];
                    response.contentLength(1L << 30);
                    try {
                        OutputStream out = response.body();
                        for (int i = 0; i < (1 << 14); i++) {
                            out.write(block);
                        }
                        bigOutcome.complete(null);
                    } catch (IOException | RuntimeException e) {
                        bigOutcome.complete(e);
                        throw e;
                    }
                });
        // One worker: while the stalled client holds it, nobody else is served.
        server = TestServer.start(settings().maxWorkers(1).writeMillis(500), routes);

        try (RawClient stalled = RawClient.connect(server.port(), 4096);
                RawClient other = RawClient.connect(server.port())) {
            stalled.send("GET /big HTTP/1.1\r\nHost: test\r\n\r\n");
            assertTrue(bigStarted.await(10, TimeUnit.SECONDS), "big response never started");
            long started = System.nanoTime();
            other.send("GET /small HTTP/1.1\r\nHost: test\r\n\r\n");

            RawResponse r = other.read();
            assertEquals("small", r.bodyText());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(8), "worker freed too late");

            Throwable failure = bigOutcome.get(10, TimeUnit.SECONDS);
            assertInstanceOf(SocketTimeoutException.class, failure, "the big write should time out");
            // The stalled client finds its connection ended once it reads what was buffered for it.
            assertTrue(stalled.drainUntilClosed(Duration.ofSeconds(10)) >= 0, "stalled connection not closed");
        }
    }
}
