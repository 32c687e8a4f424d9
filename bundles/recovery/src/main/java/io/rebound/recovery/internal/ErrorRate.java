package io.rebound.recovery.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls and failed calls of one component over a sliding window, in one-second buckets. Every call into the
 * component records here, from every worker at once, so recording takes no lock and shares no counter between
 * threads that race for it: counts are {@link LongAdder}s, which spread contended increments over per-thread cells
 * (one atomic counter bounced between cores cost more than the rest of a supervised call). The thread that moves a
 * bucket on to a new second clears it. A few calls racing with that turn may be counted in the old second or lost;
 * an error rate over thousands of calls does not notice.
 */
final class ErrorRate {

    private final int seconds;
    private final AtomicLongArray bucketSecond;
    private final LongAdder[] calls;
    private final LongAdder[] failures;

    ErrorRate(int windowSeconds) {
        this.seconds = windowSeconds;
        this.bucketSecond = new AtomicLongArray(windowSeconds);
        this.calls = new LongAdder[windowSeconds];
        this.failures = new LongAdder[windowSeconds];
        for (int i = 0; i < windowSeconds; i++) {
            calls[i] = new LongAdder();
            failures[i] = new LongAdder();
        }
    }

    void record(long nowNanos, boolean failed) {
        long second = nowNanos / 1_000_000_000L;
        int i = (int) Math.floorMod(second, (long) seconds);
        long held = bucketSecond.get(i);
        if (held != second && bucketSecond.compareAndSet(i, held, second)) {
            calls[i].reset();
            failures[i].reset();
        }
        calls[i].increment();
        if (failed) {
            failures[i].increment();
        }
    }

    /** @return {calls, failures} within the window ending at {@code nowNanos} */
    int[] totals(long nowNanos) {
        long second = nowNanos / 1_000_000_000L;
        long c = 0;
        long f = 0;
        for (int i = 0; i < seconds; i++) {
            if (second - bucketSecond.get(i) < seconds) {
                c += calls[i].sum();
                f += failures[i].sum();
            }
        }
        return new int[] { (int) Math.min(Integer.MAX_VALUE, c), (int) Math.min(Integer.MAX_VALUE, f) };
    }

    void clear() {
        for (int i = 0; i < seconds; i++) {
            calls[i].reset();
            failures[i].reset();
        }
    }
}
