package io.rebound.recovery.internal;

/**
 * Calls and failed calls of one component over a sliding window, in one-second buckets, so that recording stays
 * O(1) and lock-light on the request path.
 */
final class ErrorRate {

    private final int seconds;
    private final long[] bucketSecond;
    private final int[] calls;
    private final int[] failures;

    ErrorRate(int windowSeconds) {
        this.seconds = windowSeconds;
        this.bucketSecond = new long[windowSeconds];
        this.calls = new int[windowSeconds];
        this.failures = new int[windowSeconds];
    }

    synchronized void record(long nowNanos, boolean failed) {
        long second = nowNanos / 1_000_000_000L;
        int i = (int) Math.floorMod(second, (long) seconds);
        if (bucketSecond[i] != second) {
            bucketSecond[i] = second;
            calls[i] = 0;
            failures[i] = 0;
        }
        calls[i]++;
        if (failed) {
            failures[i]++;
        }
    }

    /** @return {calls, failures} within the window ending at {@code nowNanos} */
    synchronized int[] totals(long nowNanos) {
        long second = nowNanos / 1_000_000_000L;
        int c = 0;
        int f = 0;
        for (int i = 0; i < seconds; i++) {
            if (second - bucketSecond[i] < seconds) {
                c += calls[i];
                f += failures[i];
            }
        }
        return new int[] { c, f };
    }

    synchronized void clear() {
        java.util.Arrays.fill(calls, 0);
        java.util.Arrays.fill(failures, 0);
    }
}
