package io.rebound.connector.internal;

import java.util.concurrent.TimeUnit;

/**
 * How slowly a client may send a request body the handler reads: never silent for longer than {@code silenceNanos},
 * and, once reading has gone on for that long, on average at least {@code minBytesPerSecond} (0: no minimum).
 *
 * <p>The average is what stops a "slow POST": a client that sends a byte every few seconds is never silent for
 * long, yet would hold a worker for hours. The allowance grows with every byte received, so a large upload at a
 * modest steady rate is never cut off.
 *
 * @param silenceNanos the longest wait for the next byte
 * @param minBytesPerSecond the lowest average rate accepted after the first {@code silenceNanos}; 0 for none
 */
record BodyPace(long silenceNanos, long minBytesPerSecond) {

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    // Far enough in the future to mean "no limit", near enough that adding it to a nanoTime cannot wrap around.
    private static final long UNLIMITED = TimeUnit.DAYS.toNanos(365);

    /**
     * @param now {@link System#nanoTime()} now
     * @param startedAt when reading the body began
     * @param received body bytes received since
     * @return the {@link System#nanoTime()} by which the next byte must have come
     */
    long deadline(long now, long startedAt, long received) {
        long silence = now + silenceNanos;
        if (minBytesPerSecond <= 0) {
            return silence;
        }
        long earned = received > UNLIMITED / NANOS_PER_SECOND ? UNLIMITED
                : Math.min(UNLIMITED, received * NANOS_PER_SECOND / minBytesPerSecond);
        long average = startedAt + silenceNanos + earned;
        return average - silence < 0 ? average : silence;
    }

    /** @return whether a wait that ended at {@code deadline} was cut short by the rate rather than by silence */
    boolean rateBound(long now, long deadline) {
        return deadline - now < silenceNanos;
    }
}
