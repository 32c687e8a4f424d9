package io.rebound.recovery.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * OTP's restart intensity for one component: the restarts within a sliding window. Past the limit the supervisor
 * escalates instead of restarting again.
 */
final class RestartIntensity {

    private final Deque<Long> restarts = new ArrayDeque<>();

    /** @return restarts within {@code window} before {@code nowNanos} */
    int recent(long nowNanos, Duration window) {
        long oldest = nowNanos - window.toNanos();
        while (!restarts.isEmpty() && restarts.peekFirst() < oldest) {
            restarts.removeFirst();
        }
        return restarts.size();
    }

    void record(long nowNanos) {
        restarts.addLast(nowNanos);
    }

    void clear() {
        restarts.clear();
    }
}
