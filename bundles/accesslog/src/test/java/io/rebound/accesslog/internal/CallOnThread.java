package io.rebound.accesslog.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** Runs one call on a thread of its own, so a test can watch it block and then see how it ended. */
final class CallOnThread {

    static final long DEADLINE_SECONDS = 10;

    /** A call that may throw anything. */
    interface Body {
        void run() throws Exception;
    }

    private final CompletableFuture<Void> outcome = new CompletableFuture<>();
    private final Thread thread;

    CallOnThread(String name, Body body) {
        thread = new Thread(() -> {
            try {
                body.run();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits (bounded) until the call sits parked in a wait that only another thread can end. */
    void awaitBlocked() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (thread.getState() != Thread.State.WAITING) {
            assertFalse(outcome.isDone(), () -> "the call ended instead of blocking: " + outcome);
            assertTrue(System.nanoTime() < deadline, "the call never blocked; it is " + thread.getState());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        assertFalse(outcome.isDone(), "the call ended instead of blocking");
    }

    /** Waits (bounded) for the call to return normally. */
    void awaitCompleted() {
        try {
            outcome.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            fail("the call threw " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            fail("the call still blocks after " + DEADLINE_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    /** @return what the call threw, waiting (bounded) for it to end */
    Throwable awaitFailure() {
        try {
            outcome.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            return fail("the call returned normally");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return fail("the call still blocks after " + DEADLINE_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }
}
