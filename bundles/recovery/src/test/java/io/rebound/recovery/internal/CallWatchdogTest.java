package io.rebound.recovery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.rebound.recovery.api.Call;

import org.junit.jupiter.api.Test;

class CallWatchdogTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    // Callees are their component's name; anything else is not supervised.
    private final CallWatchdog watchdog = new CallWatchdog(
            callee -> callee instanceof String name && !name.isEmpty() ? name : null, failures::add, 10,
            new LatencyDrift(0, 1, 0));

    @Test
    void anUnsupervisedCalleeIsNotWatched() {
        assertSame(Call.NONE, watchdog.enter(""));
    }

    @Test
    void theInnermostStalledCallOfAThreadIsBlamedAndTheThreadInterrupted() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try (Call outer = watchdog.enter("router"); Call inner = watchdog.enter("files")) {
                entered.countDown();
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        }, "test-worker");
        worker.start();
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        // Nothing has stalled for a second yet.
        watchdog.scan(component -> SECOND * 60, 1.0, Integer.MAX_VALUE);
        assertEquals(List.of(), failures);

        watchdog.scan(component -> 0, 1.0, Integer.MAX_VALUE);
        assertEquals(1, failures.size(), failures.toString());
        assertEquals("files", failures.get(0).component());
        assertEquals("hang", failures.get(0).kind());
        assertTrue(failures.get(0).cause().contains("test-worker"), failures.get(0).cause());
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the hung thread is interrupted");
        worker.join(10_000);
        assertFalse(worker.isAlive());
    }

    @Test
    void aSecondScanBlamesTheCallerOnlyOnceTheHungCallIsReported() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = stuckInRouterAndFiles(release);
        watchdog.scan(component -> 0, 1.0, Integer.MAX_VALUE);
        watchdog.scan(component -> 0, 1.0, Integer.MAX_VALUE);
        assertEquals(List.of("files", "router"), failures.stream().map(Failure::component).toList());
        assertEquals(1, watchdog.leakedThreads(), "the hung thread is alive and abandoned");

        release.countDown();
        worker.join(10_000);
        assertEquals(0, watchdog.leakedThreads(), "a thread that ended is no longer leaked");
    }

    @Test
    void awaitIdleWaitsForOpenCallsOfThatComponentOnly() throws Exception {
        Call call = watchdog.enter("parser");
        assertFalse(watchdog.awaitIdle("parser", System.nanoTime()));
        assertTrue(watchdog.awaitIdle("router", System.nanoTime()));
        call.close();
        call.close(); // a second close changes nothing
        assertTrue(watchdog.awaitIdle("parser", System.nanoTime()));
        try (Call again = watchdog.enter("parser")) {
            assertFalse(watchdog.awaitIdle("parser", System.nanoTime()));
        }
    }

    @Test
    void aCallWaitingOnAHungCalleeIsNotWaitedForOnceTheHangIsReported() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = stuckInRouterAndFiles(release);
        try {
            // The router's call is under way and nothing is known to be hung: a drain of the router waits for it.
            assertFalse(watchdog.awaitIdle("router", System.nanoTime()));
            watchdog.scan(component -> component.equals("files") ? 0 : SECOND * 60, 1.0, Integer.MAX_VALUE);
            assertEquals(List.of("files"), failures.stream().map(Failure::component).toList());
            // Its thread is hung in files now: the router's call ends only when that hang does, so it is not waited
            // for, though the router's own call was never blamed.
            assertTrue(watchdog.awaitIdle("router", System.nanoTime()));
            assertTrue(watchdog.awaitIdle("files", System.nanoTime()));
        } finally {
            release.countDown();
            worker.join(10_000);
        }
    }

    @Test
    void theLongestStallIntoAComponentCountsTimeSpentWaitingOnItsCallees() throws Exception {
        assertEquals(0, watchdog.longestStallIn("router", System.nanoTime()), "no call under way");
        CountDownLatch release = new CountDownLatch(1);
        long before = System.nanoTime();
        Thread worker = stuckInRouterAndFiles(release);
        try {
            long entering = System.nanoTime();
            awaitNanosPassed(entering, TimeUnit.MILLISECONDS.toNanos(200));
            long now = System.nanoTime();
            long stall = watchdog.longestStallIn("router", now);
            // The router's call has waited on files, without progress, since it began (between before and entering).
            assertTrue(stall >= now - entering && stall <= now - before, "stall " + stall);
            assertEquals(0, watchdog.longestStallIn("parser", now), "no call into the parser");
        } finally {
            release.countDown();
            worker.join(10_000);
        }
        // Returning from the nested calls is progress; closed calls are not under way.
        assertEquals(0, watchdog.longestStallIn("router", System.nanoTime()));
    }

    /**
     * Starts a thread that enters the router, then files from it, and stays there until released, ignoring
     * interruption like a thread stuck in uninterruptible I/O.
     */
    private Thread stuckInRouterAndFiles(CountDownLatch release) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try (Call outer = watchdog.enter("router"); Call inner = watchdog.enter("files")) {
                entered.countDown();
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        // Ignored: see above.
                    }
                }
            }
        });
        worker.start();
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        return worker;
    }

    @Test
    void progressOfANestedCallKeepsTheOuterCallFromLookingStalled() throws Exception {
        long deadline = TimeUnit.MILLISECONDS.toNanos(300);
        try (Call outer = watchdog.enter("connector")) {
            awaitNanosPassed(System.nanoTime(), deadline);
            // The outer call is older than the deadline now, but its thread makes progress by returning from a
            // nested call, which counts for the outer one too.
            watchdog.enter("parser").close();
            long progressed = System.nanoTime();
            watchdog.scan(component -> deadline, 1.0, Integer.MAX_VALUE);
            assertEquals(List.of(), failures);

            awaitNanosPassed(progressed, deadline);
            watchdog.scan(component -> deadline, 1.0, Integer.MAX_VALUE);
            assertEquals(List.of("connector"), failures.stream().map(Failure::component).toList());
        }
        Thread.interrupted(); // the scan interrupted this thread, as it would a hung one
    }

    // Polls the clock: the condition waited for is time itself having passed.
    private static void awaitNanosPassed(long since, long nanos) throws InterruptedException {
        while (System.nanoTime() - since <= nanos) {
            Thread.sleep(5);
        }
    }

    @Test
    void anErrorRateOverTheLimitIsReportedOnceAndThenCleared() {
        for (int i = 0; i < 10; i++) {
            Call call = watchdog.enter("kv");
            if (i % 2 == 0) {
                call.errorResult();
            }
            call.close();
        }
        watchdog.scan(component -> SECOND * 60, 0.6, 10);
        assertEquals(List.of(), failures, "5 of 10 is below 60 %");
        watchdog.scan(component -> SECOND * 60, 0.5, 10);
        assertEquals(1, failures.size());
        assertEquals("error-rate", failures.get(0).kind());
        assertTrue(failures.get(0).cause().startsWith("5 of 10 calls failed"), failures.get(0).cause());
        watchdog.scan(component -> SECOND * 60, 0.5, 10);
        assertEquals(1, failures.size(), "the counts start again after a report");
    }
}
