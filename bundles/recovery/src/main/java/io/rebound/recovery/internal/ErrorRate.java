package io.rebound.recovery.internal;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Calls and failed calls of one component over a sliding window, in one-second buckets. Every call into the
 * component records here, from every worker at once, so recording takes no lock: counts are atomic, and the thread
 * that moves a bucket on to a new second clears it. A few calls racing with that turn may be counted in the old
 * second or lost; an error rate over thousands of calls does not notice.
 */
final class ErrorRate {

    private final int seconds;
    private final AtomicLongArray bucketSecond;
    private final AtomicIntegerArray calls;
    private final AtomicIntegerArray failures;

    ErrorRate(int windowSeconds) {
        this.seconds = windowSeconds;
        this.bucketSecond = new AtomicLongArray(windowSeconds);
        this.calls = new AtomicIntegerArray(windowSeconds);
        this.failures = new AtomicIntegerArray(windowSeconds);
    }

    void record(long nowNanos, boolean failed) {
        long second = nowNanos / 1_000_000_000L;
        int i = (int) Math.floorMod(second, (long) seconds);
        long held = bucketSecond.get(i);
        if (held != second && bucketSecond.compareAndSet(i, held, second)) {
            calls.set(i, 0);
            failures.set(i, 0);
        }
        calls.incrementAndGet(i);
        if (failed) {
            failures.incrementAndGet(i);
        }
    }

    /** @return {calls, failures} within the window ending at {@code nowNanos} */
    int[] totals(long nowNanos) {
        long second = nowNanos / 1_000_000_000L;
        int c = 0;
        int f = 0;
        for (int i = 0; i < seconds; i++) {
            if (second - bucketSecond.get(i) < seconds) {
                c += calls.get(i);
                f += failures.get(i);
            }
        }
        return new int[] { c, f };
    }

    void clear() {
        for (int i = 0; i < seconds; i++) {
            calls.set(i, 0);
            failures.set(i, 0);
        }
    }
}
