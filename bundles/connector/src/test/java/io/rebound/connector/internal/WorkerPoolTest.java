package io.rebound.connector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool keeps about as many workers running as its target, and never lets queued work stall behind them. */
class WorkerPoolTest {

    private final WorkerPool pool = new WorkerPool(8, 1);
    private final AtomicBoolean spin = new AtomicBoolean(true);

    @AfterEach
    void tearDown() throws InterruptedException {
        spin.set(false);
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS), "workers did not end");
    }

    // Runs on and on without waiting: what a hung or very long call looks like to the pool.
    private Runnable spinner(CountDownLatch started) {
        return () -> {
            started.countDown();
            while (spin.get()) {
                Thread.onSpinWait();
            }
        };
    }

    @Test
    void workQueuedBehindARunningWorkerIsRescuedAfterTheStallTime() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(spinner(started));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        Await.until(Duration.ofSeconds(5), () -> pool.threads().stream().anyMatch(WorkerThread::running),
                "the spinning worker shows as running");

        CountDownLatch served = new CountDownLatch(1);
        pool.execute(served::countDown);
        // The target (one running worker) is reached: the task is queued, not given a thread of its own.
        assertTrue(pool.backlogged(), "queued behind the running worker");
        assertEquals(1, pool.getPoolSize());

        // The selector loop's part: calling rescue while work is queued; the first call only takes note.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (served.getCount() > 0 && System.nanoTime() - deadline < 0) {
            pool.rescue(System.nanoTime());
            served.await(1, TimeUnit.MILLISECONDS);
        }
        assertEquals(0, served.getCount(), "the queued task was never served");
        assertEquals(2, pool.getPoolSize());
    }

    @Test
    void aWaitingWorkerDoesNotHoldUpTheNext() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch waiting = new CountDownLatch(1);
        pool.execute(() -> {
            waiting.countDown();
            try {
                release.await(); // a commit, a lock, a slow backend: the thread waits and uses no CPU
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        Await.until(Duration.ofSeconds(5), () -> pool.threads().stream().noneMatch(WorkerThread::running),
                "the waiting worker shows as not running");

        CountDownLatch served = new CountDownLatch(1);
        pool.execute(served::countDown);

        // No rescue needed: with no worker running, the task gets a worker at once.
        assertTrue(served.await(5, TimeUnit.SECONDS), "the second task waited for the first");
        release.countDown();
    }

    @Test
    void anIdleWorkerIsReusedRatherThanANewOneStarted() throws InterruptedException {
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            int expected = i + 1;
            pool.execute(done::incrementAndGet);
            Await.until(Duration.ofSeconds(5), () -> done.get() == expected, "task " + expected + " served");
            // Each task finds the previous one's worker idle (or about to be): the pool never grows past a few.
        }
        assertTrue(pool.getLargestPoolSize() <= 2, "grew to " + pool.getLargestPoolSize() + " workers");
    }
}
