package io.rebound.router.internal;

import static io.rebound.router.internal.Handlers.named;
import static io.rebound.router.internal.Handlers.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.rebound.http.api.HttpHandler;

import org.junit.jupiter.api.Test;

/** What hides a handler's reboots and failures from clients: holding, retries, breakers, bulkheads. */
class RouterResilienceTest {

    private static final long HOLD_MILLIS = 2_000;

    private final RouterComponent router = new RouterComponent(new RecordingLogger(), System::currentTimeMillis);

    private FakeResponse dispatch(String method, String path) throws IOException {
        FakeResponse response = new FakeResponse();
        router.dispatch(new FakeRequest(method, path), response);
        return response;
    }

    private CompletableFuture<FakeResponse> dispatchAsync(String method, String path) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return dispatch(method, path);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void requestForARebootingHandlerWaitsAndIsServedByTheNewInstance() throws Exception {
        router.configure(HOLD_MILLIS, 128, 5, 2_000);
        router.addHandler(named("root"), props(1, "/"));
        HttpHandler old = named("kv-old");
        router.addHandler(old, props(2, "/kv"));
        router.removeHandler(old, props(2, "/kv"));
        // Without holding, this would fall through to "/" and answer from the wrong handler.
        CompletableFuture<FakeResponse> held = dispatchAsync("GET", "/kv/a");
        router.addHandler(named("kv-new"), props(3, "/kv"));
        FakeResponse r = held.get(HOLD_MILLIS * 2, TimeUnit.MILLISECONDS);
        assertEquals(200, r.status());
        assertEquals("kv-new", r.bodyText());
    }

    @Test
    void handlerThatDoesNotComeBackWithinTheHoldIs503NotAFallThrough() throws IOException {
        rootThereAndKvGoneWithAHoldOf100Millis();
        long start = System.nanoTime();
        FakeResponse r = dispatch("GET", "/kv/a");
        assertEquals(503, r.status());
        assertEquals("1", r.header("Retry-After"));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100), "did not hold");
        // Other paths are not held at all.
        assertEquals("root", dispatch("GET", "/other").bodyText());
    }

    @Test
    void requestArrivingLongAfterItsHandlerLeftIs503AtOnceWhileItIsAway() throws Exception {
        rootThereAndKvGoneWithAHoldOf100Millis();
        // A reboot that drains a long call keeps the handler away past the hold time.
        awaitNanosPassed(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(300));
        FakeResponse r = dispatch("GET", "/kv/a");
        assertEquals(503, r.status(), "not a fall-through to / (" + r.bodyText() + ")");
        assertEquals("1", r.header("Retry-After"));
        router.addHandler(named("kv-new"), props(3, "/kv"));
        assertEquals("kv-new", dispatch("GET", "/kv/a").bodyText());
    }

    @Test
    void theOnlyHandlerAwayPastTheHoldIs503NotA404() throws Exception {
        router.configure(100, 128, 5, 2_000);
        HttpHandler files = named("files");
        router.addHandler(files, props(1, "/"));
        router.removeHandler(files, props(1, "/"));
        awaitNanosPassed(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(300));
        assertEquals(503, dispatch("GET", "/index.html").status());
        router.addHandler(named("files-new"), props(2, "/"));
        assertEquals("files-new", dispatch("GET", "/index.html").bodyText());
    }

    private void rootThereAndKvGoneWithAHoldOf100Millis() {
        router.configure(100, 128, 5, 2_000);
        router.addHandler(named("root"), props(1, "/"));
        HttpHandler kv = named("kv");
        router.addHandler(kv, props(2, "/kv"));
        router.removeHandler(kv, props(2, "/kv"));
    }

    // Polls the clock: the condition waited for is time itself having passed.
    private static void awaitNanosPassed(long since, long nanos) throws InterruptedException {
        while (System.nanoTime() - since <= nanos) {
            Thread.sleep(5);
        }
    }

    @Test
    void idempotentRequestFailedByACrashingHandlerIsRetriedOnItsReplacement() throws IOException {
        router.configure(HOLD_MILLIS, 128, 5, 2_000);
        AtomicInteger calls = new AtomicInteger();
        HttpHandler[] self = new HttpHandler[1];
        self[0] = (request, response) -> {
            calls.incrementAndGet();
            response.header("X-Half-Done", "yes");
            // The supervisor reboots the failed component: it goes away and its replacement registers.
            router.removeHandler(self[0], props(4, "/kv"));
            router.addHandler(named("replacement"), props(5, "/kv"));
            throw new IllegalStateException("crash");
        };
        router.addHandler(self[0], props(4, "/kv"));
        FakeResponse r = dispatch("GET", "/kv/a");
        assertEquals(200, r.status());
        assertEquals("replacement", r.bodyText());
        assertEquals(null, r.header("X-Half-Done"));
        assertEquals(1, calls.get());
    }

    @Test
    void nonIdempotentRequestIsNeverRetried() throws IOException {
        router.configure(HOLD_MILLIS, 128, 5, 2_000);
        AtomicInteger calls = new AtomicInteger();
        router.addHandler((request, response) -> {
            calls.incrementAndGet();
            router.addHandler(named("replacement"), props(7, "/kv"));
            throw new IllegalStateException("crash");
        }, props(6, "/kv", new String[] { "POST" }));
        FakeResponse r = dispatch("POST", "/kv/a");
        assertEquals(503, r.status());
        assertEquals("1", r.header("Retry-After"));
        assertEquals(1, calls.get(), "a POST must run at most once");
    }

    @Test
    void breakerOpensAfterConsecutiveFailuresAndAProbeClosesIt() throws Exception {
        router.configure(0, 128, 3, 200);
        AtomicInteger calls = new AtomicInteger();
        boolean[] healthy = { false };
        router.addHandler((request, response) -> {
            calls.incrementAndGet();
            int status = healthy[0] ? 200 : 500;
            response.send(status, "text/plain", Integer.toString(status).getBytes(StandardCharsets.UTF_8));
        }, props(8, "/flaky"));
        for (int i = 0; i < 3; i++) {
            assertEquals(500, dispatch("GET", "/flaky").status());
        }
        assertEquals(CircuitBreaker.State.OPEN, router.breakerStates().get("/flaky"));
        // Open: answered at once, the handler is spared.
        FakeResponse fast = dispatch("GET", "/flaky");
        assertEquals(503, fast.status());
        assertEquals(3, calls.get());
        healthy[0] = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        FakeResponse probe;
        do {
            probe = dispatch("GET", "/flaky");
        } while (probe.status() == 503 && System.nanoTime() < deadline);
        assertEquals(200, probe.status());
        assertEquals(CircuitBreaker.State.CLOSED, router.breakerStates().get("/flaky"));
    }

    @Test
    void bulkheadKeepsASlowHandlerFromTakingEveryWorker() throws Exception {
        router.configure(0, 2, 5, 2_000);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(2);
        router.addHandler((request, response) -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            response.send(200, "text/plain", new byte[0]);
        }, props(9, "/slow"));
        router.addHandler(named("fast"), props(10, "/fast"));
        CompletableFuture<FakeResponse> a = dispatchAsync("GET", "/slow");
        CompletableFuture<FakeResponse> b = dispatchAsync("GET", "/slow");
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        FakeResponse third = dispatch("GET", "/slow");
        assertEquals(503, third.status());
        // Other routes are unaffected.
        assertEquals("fast", dispatch("GET", "/fast").bodyText());
        release.countDown();
        assertEquals(200, a.get(10, TimeUnit.SECONDS).status());
        assertEquals(200, b.get(10, TimeUnit.SECONDS).status());
    }
}
