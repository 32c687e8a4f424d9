package io.rebound.itests;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Polls a condition until it holds or a deadline passes. The tests use it wherever something happens
 * asynchronously (a service registering, a refresh finishing, a thread dying) instead of sleeping for a guessed
 * time: a fast machine passes at once, a slow one gets the whole deadline, and a failure says what never happened.
 */
final class Await {

    /** Generous because CI machines are small (2 cores) and a microreboot may be queued behind other work. */
    static final Duration DEFAULT = Duration.ofSeconds(30);

    private static final long POLL_MILLIS = 25;

    private Await() {
    }

    /**
     * Calls {@code probe} until it returns a non-null value other than {@code Boolean.FALSE}, and returns that value.
     * Exceptions from the probe count as "not yet"; the last one is attached to the failure.
     *
     * @throws AssertionError naming {@code what} when the deadline passes first
     */
    static <T> T until(String what, Duration timeout, Callable<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        Object lastValue = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
                lastValue = value;
            } catch (Exception | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                AssertionError failure = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for "
                        + what + (last == null ? " (last value: " + lastValue + ")" : " (last failure: " + last + ")"));
                if (last != null) {
                    // Suppressed, not the cause: Pax Exam reports the root cause of a failure, which would drop
                    // the message saying what was awaited.
                    failure.addSuppressed(last);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    static <T> T until(String what, Callable<T> probe) {
        return until(what, DEFAULT, probe);
    }
}
