package io.rebound.router.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Remembers the paths whose handler went away — almost always a handler bundle being microrebooted — and lets a
 * request for such a path wait (bounded) for the handler to come back, instead of falling through to a shorter prefix
 * (typically the static files' {@code /}) or to a 404. A path stays remembered for {@link #REMEMBER_NANOS} after its
 * handler left: a reboot that drains long calls keeps the handler away for seconds, and a request meanwhile must be
 * told to come back (503), not that what it asks for does not exist.
 */
final class HandlerGate {

    /** How long a departed handler's path is remembered (at least the hold time). */
    static final long REMEMBER_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final long holdNanos;
    private final long rememberNanos;
    private final Map<String, Long> departed = new HashMap<>();

    HandlerGate(long holdNanos) {
        this.holdNanos = holdNanos;
        this.rememberNanos = Math.max(holdNanos, REMEMBER_NANOS);
    }

    synchronized void departed(String path, long now) {
        departed.put(path, now);
    }

    /** A handler was installed: requests waiting for it may go on. */
    synchronized void arrived(String path) {
        departed.remove(path);
        notifyAll();
    }

    /**
     * @return the longest remembered departed prefix of {@code requestPath} longer than {@code servedBy} (the prefix
     *         of the route that would serve it now, or {@code null}), or {@code null} when there is none
     */
    synchronized String awaited(String requestPath, String servedBy, long now) {
        String best = null;
        for (Iterator<Map.Entry<String, Long>> it = departed.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Long> e = it.next();
            if (now - e.getValue() > rememberNanos) {
                it.remove();
                continue;
            }
            String path = e.getKey();
            if (Route.prefixOf(path, requestPath) && (servedBy == null || path.length() > servedBy.length())
                    && (best == null || path.length() > best.length())) {
                best = path;
            }
        }
        return best;
    }

    /**
     * @return when a request for {@code path} (one {@link #awaited} gave) stops waiting for its handler: a hold time
     *         from now while the handler left less than a hold time ago; now (no wait) once it has been away longer,
     *         so that a request arriving long after the handler left, while it is still away, is answered at once
     */
    synchronized long holdDeadline(String path, long now) {
        Long left = departed.get(path);
        if (left == null) {
            return now; // it arrived meanwhile: the route is there to take
        }
        return now - left > holdNanos ? now : now + holdNanos;
    }

    /**
     * Waits until {@code ready} gives a route, or the deadline passes.
     *
     * @return the route, or {@code null} when the handler did not come back in time
     */
    synchronized Route await(Supplier<Route> ready, long deadline) throws InterruptedException {
        while (true) {
            Route route = ready.get();
            if (route != null) {
                return route;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    long holdNanos() {
        return holdNanos;
    }
}
