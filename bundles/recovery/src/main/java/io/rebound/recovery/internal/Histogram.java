package io.rebound.recovery.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram with fixed upper bounds, safe to {@link #observe} from many threads without locking: each bucket is
 * a {@link LongAdder}, so request threads never contend on one counter. Values are recorded in integral units
 * (for example microseconds) and rendered in the metric's base unit by a divisor, so the sum stays exact.
 */
final class Histogram {

    private final long[] bounds;
    private final LongAdder[] buckets;
    private final LongAdder sum = new LongAdder();

    /** @param bounds the bucket upper bounds (inclusive), ascending; the +Inf bucket is implied */
    Histogram(long... bounds) {
        for (int i = 1; i < bounds.length; i++) {
            if (bounds[i] <= bounds[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must ascend: " + Arrays.toString(bounds));
            }
        }
        this.bounds = bounds.clone();
        this.buckets = new LongAdder[bounds.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void observe(long value) {
        // Few bounds (a dozen or so): a linear scan beats a binary search's branches here.
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        buckets[i].increment();
        sum.add(value);
    }

    /** @return a consistent-enough copy for rendering: cumulative counts, one per bound plus +Inf last */
    Snapshot snapshot() {
        long[] cumulative = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(bounds.clone(), cumulative, sum.sum());
    }

    /**
     * A histogram's state at one moment.
     *
     * @param bounds the finite upper bounds
     * @param cumulative observations at or below each bound, then the total (the +Inf bucket)
     * @param sum the sum of the observed values
     */
    record Snapshot(long[] bounds, long[] cumulative, long sum) {

        long count() {
            return cumulative[cumulative.length - 1];
        }
    }
}
