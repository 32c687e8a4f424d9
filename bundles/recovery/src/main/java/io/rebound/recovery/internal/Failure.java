package io.rebound.recovery.internal;

import java.time.Instant;

/**
 * A failure a detector saw.
 *
 * @param component the component's name
 * @param cause one line: what was seen
 * @param kind which detector saw it (crash, state, configuration, hang, health, error-rate, exception, aging,
 *        reported)
 * @param detectedAt when it was detected
 * @param detectedNanos the same instant on the {@link System#nanoTime()} clock
 * @param sinceNanos when the fault began as far as the detector knows (equal to detectedNanos if unknown)
 * @param abnormal whether it was abnormal (false only for a bundle that stopped by itself without error)
 */
record Failure(String component, String cause, String kind, Instant detectedAt, long detectedNanos, long sinceNanos,
        boolean abnormal) {

    static Failure now(String component, String kind, String cause) {
        long now = System.nanoTime();
        return new Failure(component, cause, kind, Instant.now(), now, now, true);
    }

    static Failure since(String component, String kind, String cause, long sinceNanos) {
        return new Failure(component, cause, kind, Instant.now(), System.nanoTime(), sinceNanos, true);
    }

    Failure normal() {
        return new Failure(component, cause, kind, detectedAt, detectedNanos, sinceNanos, false);
    }
}
