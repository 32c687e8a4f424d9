package io.rebound.router.internal;

import static io.rebound.router.internal.Handlers.named;
import static io.rebound.router.internal.Handlers.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.rebound.http.api.HttpHandler;

import org.junit.jupiter.api.Test;

/**
 * Dispatches from several threads while another thread keeps binding and unbinding a handler: every request must
 * be answered by one of the handlers that could serve it, never 404 and never an exception.
 */
class ConcurrentDispatchTest {

    private static final int DISPATCHERS = 4;
    private static final int CHURN_CYCLES = 2_000;

    @Test
    void dispatchNeverFailsWhileHandlersComeAndGo() throws InterruptedException {
        RouterComponent router = new RouterComponent(new RecordingLogger(), System::currentTimeMillis);
        // No holding here: this is about routing staying consistent while the table changes under it.
        router.configure(0, 128, 5, 2_000);
        router.addHandler(named("stable"), props(1, "/a"));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(DISPATCHERS + 1);
        AtomicBoolean churnDone = new AtomicBoolean();
        AtomicLong requests = new AtomicLong();
        AtomicLong churnAnswers = new AtomicLong();
        Queue<String> failures = new ConcurrentLinkedQueue<>();

        Thread churner = new Thread(() -> {
            try {
                start.await();
                for (int i = 0; i < CHURN_CYCLES && System.nanoTime() < deadline; i++) {
                    long id = 100 + i;
                    HttpHandler h = named("churn");
                    router.addHandler(h, props(id, "/a/b", i % 3));
                    router.removeHandler(h, props(id, "/a/b"));
                    router.addHandler(h, props(id, "/a/b"));
                    router.removeHandler(h, props(id, "/a/b"));
                }
            } catch (Throwable t) {
                failures.add("churner: " + t);
            } finally {
                churnDone.set(true);
                finished.countDown();
            }
        }, "test-churner");

        List<Thread> threads = new ArrayList<>();
        threads.add(churner);
        for (int t = 0; t < DISPATCHERS; t++) {
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    while (!churnDone.get() && System.nanoTime() < deadline) {
                        FakeResponse deep = new FakeResponse();
                        router.dispatch(new FakeRequest("GET", "/a/b/c"), deep);
                        String body = deep.bodyText();
                        if (deep.status() != 200 || !(body.equals("stable") || body.equals("churn"))) {
                            failures.add("/a/b/c -> " + deep.status() + " " + body);
                        } else if (body.equals("churn")) {
                            churnAnswers.incrementAndGet();
                        }
                        FakeResponse shallow = new FakeResponse();
                        router.dispatch(new FakeRequest("GET", "/a/x"), shallow);
                        if (!shallow.bodyText().equals("stable")) {
                            failures.add("/a/x -> " + shallow.status() + " " + shallow.bodyText());
                        }
                        requests.addAndGet(2);
                    }
                } catch (Throwable e) {
                    failures.add(Thread.currentThread().getName() + ": " + e);
                } finally {
                    finished.countDown();
                }
            }, "test-dispatcher-" + t));
        }
        threads.forEach(Thread::start);
        start.countDown();

        assertTrue(finished.await(60, TimeUnit.SECONDS), "threads did not finish in time");
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures, first: " + failures.peek());
        assertTrue(requests.get() > 0, "no request was dispatched");
        assertEquals(1, router.routes().routes().size(), "only the stable handler is left");
        assertEquals("stable", dispatchBody(router, "/a/b/c"));
    }

    private static String dispatchBody(RouterComponent router, String path) {
        FakeResponse r = new FakeResponse();
        try {
            router.dispatch(new FakeRequest("GET", path), r);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return r.bodyText();
    }
}
