package io.rebound.recovery.internal;

import java.time.Duration;

/**
 * A validated restart policy.
 *
 * @param type when to restart
 * @param maxRestarts most restarts within {@code window} before escalating
 * @param window the restart-intensity window
 * @param backoffInitial wait before the second consecutive restart
 * @param backoffMax longest wait between restarts
 * @param stopTimeout time the bundle gets to stop
 * @param hangDeadline a call without progress for this long is a hang
 * @param healthGrace how long a health check may stay CRITICAL
 * @param maxThreads threads the component may hold before it counts as leaking
 */
record RestartPolicy(RestartType type, int maxRestarts, Duration window, Duration backoffInitial, Duration backoffMax,
        Duration stopTimeout, Duration hangDeadline, Duration healthGrace, int maxThreads) {

    /** A base for validating an override on its own; its values mean nothing. */
    static final RestartPolicy PLACEHOLDER = new RestartPolicy(RestartType.PERMANENT, 0, Duration.ofSeconds(1),
            Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, 1);

    static RestartPolicy defaults(RecoveryConfig c) {
        String where = "io.rebound.recovery";
        return new RestartPolicy(RestartType.parse(c.restart_type(), where),
                atLeast(where, "max_restarts", c.max_restarts(), 0),
                Duration.ofSeconds(atLeast(where, "window_seconds", c.window_seconds(), 1)),
                Duration.ofMillis(atLeast(where, "backoff_initial_millis", c.backoff_initial_millis(), 0)),
                Duration.ofMillis(atLeast(where, "backoff_max_millis", c.backoff_max_millis(), 0)),
                Duration.ofMillis(atLeast(where, "stop_timeout_millis", c.stop_timeout_millis(), 1)),
                Duration.ofMillis(atLeast(where, "hang_deadline_millis", c.hang_deadline_millis(), 1)),
                Duration.ofMillis(atLeast(where, "health_grace_millis", c.health_grace_millis(), 0)),
                atLeast(where, "max_threads", c.max_threads(), 1));
    }

    /** @return this policy with the attributes {@code p} sets replaced */
    RestartPolicy with(PolicyConfig p) {
        String where = "io.rebound.recovery.policy for " + p.component();
        return new RestartPolicy(p.restart_type().isBlank() ? type : RestartType.parse(p.restart_type(), where),
                p.max_restarts() < 0 ? maxRestarts : p.max_restarts(),
                p.window_seconds() < 0 ? window : Duration.ofSeconds(atLeast(where, "window_seconds", p.window_seconds(), 1)),
                p.backoff_initial_millis() < 0 ? backoffInitial : Duration.ofMillis(p.backoff_initial_millis()),
                p.backoff_max_millis() < 0 ? backoffMax : Duration.ofMillis(p.backoff_max_millis()),
                p.stop_timeout_millis() < 0 ? stopTimeout
                        : Duration.ofMillis(atLeast(where, "stop_timeout_millis", p.stop_timeout_millis(), 1)),
                p.hang_deadline_millis() < 0 ? hangDeadline
                        : Duration.ofMillis(atLeast(where, "hang_deadline_millis", p.hang_deadline_millis(), 1)),
                p.health_grace_millis() < 0 ? healthGrace : Duration.ofMillis(p.health_grace_millis()),
                p.max_threads() < 0 ? maxThreads : atLeast(where, "max_threads", p.max_threads(), 1));
    }

    /** @return the wait before restart number {@code consecutive} (1 = first) of a streak */
    Duration backoff(int consecutive) {
        if (consecutive <= 1 || backoffInitial.isZero()) {
            return Duration.ZERO;
        }
        long millis = backoffInitial.toMillis() << Math.min(consecutive - 2, 20);
        return Duration.ofMillis(Math.min(millis, backoffMax.toMillis()));
    }

    private static int atLeast(String where, String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(where + ": " + name + " must be at least " + min + ", not " + value);
        }
        return value;
    }

    private static long atLeast(String where, String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(where + ": " + name + " must be at least " + min + ", not " + value);
        }
        return value;
    }
}
