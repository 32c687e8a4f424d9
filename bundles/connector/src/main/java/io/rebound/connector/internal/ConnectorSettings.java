package io.rebound.connector.internal;

import java.util.concurrent.TimeUnit;

/**
 * Validated connector configuration, in the units the code uses. Built once per activation so bad values fail the
 * activation with a message instead of surfacing later as odd behaviour.
 */
record ConnectorSettings(int maxWorkers, int maxConnections, long idleTimeoutNanos, long headerTimeoutNanos,
        long bodyTimeoutNanos, long writeTimeoutNanos, long maxBodyBytes, long lingerNanos, long stopTimeoutMillis,
        long holdNanos, int maxConnectionsPerAddress, long minBodyRate) {

    static ConnectorSettings of(ConnectorConfig config) {
        return new ConnectorSettings(
                positive("max_workers", config.max_workers()),
                positive("max_connections", config.max_connections()),
                millis("idle_timeout_millis", config.idle_timeout_millis()),
                millis("header_timeout_millis", config.header_timeout_millis()),
                millis("body_timeout_millis", config.body_timeout_millis()),
                millis("write_timeout_millis", config.write_timeout_millis()),
                positive("max_body_bytes", config.max_body_bytes()),
                nonNegativeMillis("keepalive_linger_millis", config.keepalive_linger_millis()),
                positive("stop_timeout_millis", config.stop_timeout_millis()),
                nonNegativeMillis("hold_millis", config.hold_millis()),
                positive("max_connections_per_address", config.max_connections_per_address()),
                nonNegative("min_body_rate", config.min_body_rate()));
    }

    /** Defaults, for tests that build a connector without configuration. */
    static ConnectorSettings defaults() {
        return new ConnectorSettings(256, 10_000, TimeUnit.SECONDS.toNanos(30), TimeUnit.SECONDS.toNanos(10),
                TimeUnit.SECONDS.toNanos(30), TimeUnit.SECONDS.toNanos(30), 64L * 1024 * 1024,
                TimeUnit.MILLISECONDS.toNanos(20), 5_000, TimeUnit.SECONDS.toNanos(2), 1024, 500);
    }

    /** @return how slowly a client may send a body its handler reads */
    BodyPace bodyPace() {
        return new BodyPace(bodyTimeoutNanos, minBodyRate);
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return value;
    }

    private static long positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return value;
    }

    private static long nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value);
        }
        return value;
    }

    private static long millis(String name, long value) {
        return TimeUnit.MILLISECONDS.toNanos(positive(name, value));
    }

    private static long nonNegativeMillis(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value);
        }
        return TimeUnit.MILLISECONDS.toNanos(value);
    }
}
