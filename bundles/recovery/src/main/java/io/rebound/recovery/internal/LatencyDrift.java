package io.rebound.recovery.internal;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latency drift, an aging signal: a component whose calls have become much slower than they were since it started
 * is degrading (a growing cache, fragmentation, a lock under more and more contention) and is better rejuvenated
 * before it fails. Calls are timed on the request path with two adders; once a second the supervisor turns the sums
 * into that second's mean. The baseline is the fastest such second since the instance started (so the JIT warming
 * up lowers it rather than looking like drift); drift is the mean over the last {@code windowSeconds} reaching
 * {@code factor} × the baseline, and at least {@code floorNanos} above it, so that microseconds doubling do not count.
 */
final class LatencyDrift {

    /** Seconds with fewer calls say too little to be a baseline or part of the window. */
    static final int MIN_CALLS_PER_SECOND = 20;

    private final Map<String, Sums> sums = new ConcurrentHashMap<>();
    // Supervisor thread only, from here on.
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final double factor;
    private final int windowSeconds;
    private final long floorNanos;

    /** @param factor how many times the baseline counts as drift; 0 turns the signal off */
    LatencyDrift(double factor, int windowSeconds, long floorNanos) {
        this.factor = factor;
        this.windowSeconds = windowSeconds;
        this.floorNanos = floorNanos;
    }

    boolean enabled() {
        return factor > 0;
    }

    /** Records one call's duration; any thread. */
    void record(String component, long nanos) {
        if (!enabled()) {
            return;
        }
        Sums s = sums.get(component);
        if (s == null) {
            s = sums.computeIfAbsent(component, c -> new Sums());
        }
        s.calls.increment();
        s.nanos.add(nanos);
    }

    /**
     * Closes the second just ended for {@code component} (call once a second).
     *
     * @return a description of the drift when there is drift, otherwise {@code null}
     */
    String evaluate(String component) {
        Sums s = sums.get(component);
        if (s == null) {
            return null;
        }
        long calls = s.calls.sumThenReset();
        long nanos = s.nanos.sumThenReset();
        if (calls < MIN_CALLS_PER_SECOND) {
            return null; // too quiet to judge; the window keeps its busier seconds
        }
        Track t = tracks.computeIfAbsent(component, c -> new Track());
        long mean = nanos / calls;
        t.baseline = Math.min(t.baseline, mean);
        t.window.addLast(mean);
        if (t.window.size() > windowSeconds) {
            t.window.removeFirst();
        }
        if (t.window.size() < windowSeconds) {
            return null;
        }
        long windowMean = (long) t.window.stream().mapToLong(Long::longValue).average().orElse(0);
        if (windowMean >= factor * t.baseline && windowMean - t.baseline >= floorNanos) {
            return String.format("calls take %.2f ms on average over the last %d s, %.1f× the %.2f ms they took "
                    + "at best since it started (limit %.1f×)", windowMean / 1e6, windowSeconds,
                    (double) windowMean / t.baseline, t.baseline / 1e6, factor);
        }
        return null;
    }

    /** Forgets what the old instance of {@code component} measured: the new one gets its own baseline. */
    void reset(String component) {
        tracks.remove(component);
        Sums s = sums.get(component);
        if (s != null) {
            s.calls.reset();
            s.nanos.reset();
        }
    }

    private static final class Sums {
        final LongAdder calls = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }

    private static final class Track {
        long baseline = Long.MAX_VALUE;
        final ArrayDeque<Long> window = new ArrayDeque<>();
    }
}
