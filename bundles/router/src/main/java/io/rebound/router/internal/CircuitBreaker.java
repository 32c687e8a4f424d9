package io.rebound.router.internal;

/**
 * The circuit breaker of one route: after {@code failures} consecutive failed calls it opens and the route answers
 * 503 at once, sparing the clients (and the workers) a handler that keeps failing even after its restarts; after
 * the open period one probe call goes through (half-open) and its outcome closes the breaker or opens it again for
 * twice as long.
 */
final class CircuitBreaker {

    /** The states, as metrics and logs name them. */
    enum State { CLOSED, OPEN, HALF_OPEN }

    private static final int MAX_BACKOFF_SHIFT = 5;

    private final int threshold;
    private final long openNanos;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private int trips;
    private long openUntil;
    private boolean probing;

    CircuitBreaker(int threshold, long openNanos) {
        this.threshold = threshold;
        this.openNanos = openNanos;
    }

    /** @return whether a call may go through now (false: answer 503 at once) */
    synchronized boolean allow(long now) {
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.OPEN && now - openUntil >= 0) {
            state = State.HALF_OPEN;
            probing = false;
        }
        if (state == State.HALF_OPEN && !probing) {
            probing = true;
            return true;
        }
        return false;
    }

    /** @return seconds until the breaker lets a probe through (for Retry-After) */
    synchronized long retryAfterSeconds(long now) {
        return Math.max(1, (openUntil - now + 999_999_999L) / 1_000_000_000L);
    }

    synchronized void succeeded() {
        consecutiveFailures = 0;
        if (state != State.CLOSED) {
            state = State.CLOSED;
            trips = 0;
            probing = false;
        }
    }

    /** @return whether this failure opened the breaker */
    synchronized boolean failed(long now) {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || state == State.CLOSED && consecutiveFailures >= threshold) {
            state = State.OPEN;
            openUntil = now + (openNanos << Math.min(trips, MAX_BACKOFF_SHIFT));
            trips++;
            probing = false;
            return true;
        }
        return false;
    }

    synchronized State state() {
        return state;
    }
}
