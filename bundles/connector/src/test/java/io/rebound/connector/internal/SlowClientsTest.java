package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slowloris and slow POST over real sockets: many more slow clients than workers, each dribbling its head or body
 * a few bytes at a time (never silent for long), must not keep a normal client from being served promptly, and
 * each must get its 408 within its timeout.
 */
class SlowClientsTest {

    private static final int WORKERS = 2;
    private static final int SLOW_CLIENTS = 20;
    private static final long TIMEOUT_MILLIS = 2_000;
    private static final long DRIBBLE_MILLIS = 100;
    // What a normal request may take while the slow clients dribble: well below the timeouts, so that a normal
    // client queued behind even one slow one fails the test (generous beyond that: test machines are busy).
    private static final Duration PROMPTLY = Duration.ofMillis(1_000);
    // How late after its timeout a 408 may come (the timeout is checked by a periodic sweep, then answered).
    private static final long LATE_MILLIS = 1_500;

    private final ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
    private final List<RawClient> clients = new ArrayList<>();
    private TestServer server;

    @AfterEach
    void stop() throws Exception {
        dribbler.shutdownNow();
        assertTrue(dribbler.awaitTermination(5, TimeUnit.SECONDS));
        for (RawClient c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void slowlorisClientsHoldNoWorkerAndEachGets408() throws Exception {
        server = TestServer.start(settings().maxWorkers(WORKERS).headerMillis(TIMEOUT_MILLIS),
                new Routes().on("/hello", Routes.text("hello")));
        warmUp();
        List<SlowClient> slow = startSlowClients("GET /hello HTTP/1.1\r\nHost: test\r\n", "X-Dribble: x\r\n");

        assertNormalClientServedPromptly();
        for (SlowClient s : slow) {
            s.assertTimedOutWithin(TIMEOUT_MILLIS);
        }
    }

    @Test
    void slowPostClientsHoldNoWorkerAndEachGets408() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        server = TestServer.start(settings().maxWorkers(WORKERS).bodyMillis(TIMEOUT_MILLIS), new Routes()
                .on("/hello", Routes.text("hello"))
                .on("/echo", (request, response) -> {
                    handled.incrementAndGet();
                    Routes.echo().dispatch(request, response);
                }));
        warmUp();
        List<SlowClient> slow = startSlowClients(
                "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 4096\r\n\r\n", "ab");

        assertNormalClientServedPromptly();
        for (SlowClient s : slow) {
            s.assertTimedOutWithin(TIMEOUT_MILLIS);
        }
        assertEquals(0, handled.get(), "a body never complete reached the handler");
    }

    @Test
    void largeBodyDribbledToAReadingHandlerIsCutByTheMinimumRate() throws Exception {
        // Too large to be read ahead: streamed to the handler, whose worker it holds until the pace rule cuts it.
        server = TestServer.start(settings().maxWorkers(WORKERS).bodyMillis(TIMEOUT_MILLIS).minBodyRate(1_000),
                new Routes().on("/hello", Routes.text("hello")).on("/echo", Routes.echo()));
        warmUp();
        List<SlowClient> slow = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            // 20 bytes every 100 ms: never silent, but at a fifth of the minimum rate.
            slow.add(new SlowClient("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 1000000\r\n\r\n",
                    "0123456789abcdefghij"));
        }
        // The allowance, 2 s plus a second per 1000 bytes received, runs out after about 2.5 s.
        for (SlowClient s : slow) {
            s.assertTimedOutWithin(TIMEOUT_MILLIS);
        }
        assertNormalClientServedPromptly();
    }

    @Test
    void unreadBodyStillArrivingAfterTheAnswerDoesNotHoldTheWorker() throws Exception {
        server = TestServer.start(settings().maxWorkers(1), new Routes().on("/hello", Routes.text("hello")));
        warmUp();
        // Too large to be read ahead, so the handler answers at once, leaving the body unread.
        SlowClient slow = new SlowClient("POST /hello HTTP/1.1\r\nHost: test\r\nContent-Length: 1000000\r\n\r\n",
                "0123456789");
        long started = System.nanoTime();
        RawResponse r = slow.client.read();
        assertEquals("hello", r.bodyText());
        assertTrue(System.nanoTime() - started < PROMPTLY.toNanos(), "answer came late");

        // The only worker is free again although the body keeps coming.
        assertNormalClientServedPromptly();
    }

    /** One request before the clock starts: the first one through fresh code is slow for reasons of its own. */
    private void warmUp() throws IOException {
        try (RawClient c = RawClient.connect(server.port())) {
            assertEquals(200, c.get("/hello").status());
        }
    }

    /** Opens the slow clients, each sending {@code start} at once and then {@code dribble} every 100 ms. */
    private List<SlowClient> startSlowClients(String start, String dribble) throws IOException {
        List<SlowClient> slow = new ArrayList<>();
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            slow.add(new SlowClient(start, dribble));
        }
        return slow;
    }

    /** A few requests on fresh connections while the slow clients dribble: each answered well within time. */
    private void assertNormalClientServedPromptly() throws IOException {
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            try (RawClient normal = RawClient.connect(server.port())) {
                RawResponse r = normal.get("/hello");
                long took = System.nanoTime() - started;
                assertEquals(200, r.status(), r::toString);
                assertTrue(took < PROMPTLY.toNanos(), "normal request " + i + " took "
                        + TimeUnit.NANOSECONDS.toMillis(took) + " ms");
            }
        }
    }

    private final class SlowClient {

        final RawClient client;
        final long started;

        SlowClient(String start, String dribble) throws IOException {
            client = RawClient.connect(server.port());
            clients.add(client);
            started = System.nanoTime();
            client.send(start);
            byte[] piece = dribble.getBytes(StandardCharsets.ISO_8859_1);
            dribbler.scheduleWithFixedDelay(() -> {
                try {
                    client.send(piece);
                } catch (IOException e) {
                    throw new IllegalStateException("stop dribbling: the server closed", e);
                }
            }, DRIBBLE_MILLIS, DRIBBLE_MILLIS, TimeUnit.MILLISECONDS);
        }

        void assertTimedOutWithin(long timeoutMillis) throws IOException {
            RawResponse r = client.read();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(408, r.status(), r::toString);
            assertTrue(r.closes(), r::toString);
            assertTrue(tookMillis >= timeoutMillis - 100, "408 after " + tookMillis + " ms, before the timeout");
            assertTrue(tookMillis <= timeoutMillis + LATE_MILLIS, "408 only after " + tookMillis + " ms");
        }
    }
}
