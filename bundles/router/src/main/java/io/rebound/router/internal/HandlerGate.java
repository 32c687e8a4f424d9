package io.rebound.router.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Remembers the paths whose handler went away moments ago — almost always a handler bundle being microrebooted —
 * and lets a request for such a path wait (bounded) for the handler to come back, instead of falling through to a
 * shorter prefix (typically the static files' {@code /}) or to a 404.
 */
final class HandlerGate {

    private final long holdNanos;
    private final Map<String, Long> departed = new HashMap<>();

    HandlerGate(long holdNanos) {
        this.holdNanos = holdNanos;
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
     * @return the longest recently departed prefix of {@code requestPath} longer than {@code servedBy} (the prefix
     *         of the route that would serve it now, or {@code null}), or {@code null} when there is none
     */
    synchronized String awaited(String requestPath, String servedBy, long now) {
        String best = null;
        for (Iterator<Map.Entry<String, Long>> it = departed.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Long> e = it.next();
            if (now - e.getValue() > holdNanos) {
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
     * Waits until {@code ready} gives a route, or the hold time since the departure ends.
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
