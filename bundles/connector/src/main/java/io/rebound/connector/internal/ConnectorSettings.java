package io.rebound.connector.internal;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.rebound.recovery.api.ConfigProperties;
import io.rebound.recovery.api.InvalidConfigurationException;

/**
 * Validated connector configuration, in the units the code uses. Built once per activation so bad values fail the
 * activation with a message instead of surfacing later as odd behaviour.
 */
record ConnectorSettings(int maxWorkers, int maxConnections, long idleTimeoutNanos, long headerTimeoutNanos,
        long bodyTimeoutNanos, long writeTimeoutNanos, long maxBodyBytes, long lingerNanos, long stopTimeoutMillis,
        long holdNanos, int maxConnectionsPerAddress, long minBodyRate) {

    /**
     * @param properties configured as {@link ConnectorConfig} declares
     * @throws InvalidConfigurationException naming the property when a value is not of its type or out of range
     */
    static ConnectorSettings of(Map<String, ?> properties) {
        ConfigProperties config = new ConfigProperties(ConnectorComponent.PID, properties);
        return new ConnectorSettings(
                positiveInt(config, "max.workers", ConnectorConfig.MAX_WORKERS),
                positiveInt(config, "max.connections", ConnectorConfig.MAX_CONNECTIONS),
                millis(config, "idle.timeout.millis", ConnectorConfig.IDLE_TIMEOUT_MILLIS),
                millis(config, "header.timeout.millis", ConnectorConfig.HEADER_TIMEOUT_MILLIS),
                millis(config, "body.timeout.millis", ConnectorConfig.BODY_TIMEOUT_MILLIS),
                millis(config, "write.timeout.millis", ConnectorConfig.WRITE_TIMEOUT_MILLIS),
                positive(config, "max.body.bytes", ConnectorConfig.MAX_BODY_BYTES),
                TimeUnit.MILLISECONDS.toNanos(
                        nonNegative(config, "keepalive.linger.millis", ConnectorConfig.KEEPALIVE_LINGER_MILLIS)),
                positive(config, "stop.timeout.millis", ConnectorConfig.STOP_TIMEOUT_MILLIS),
                TimeUnit.MILLISECONDS.toNanos(nonNegative(config, "hold.millis", ConnectorConfig.HOLD_MILLIS)),
                positiveInt(config, "max.connections.per.address", ConnectorConfig.MAX_CONNECTIONS_PER_ADDRESS),
                nonNegative(config, "min.body.rate", ConnectorConfig.MIN_BODY_RATE));
    }

    /** Defaults, for tests that build a connector without configuration. */
    static ConnectorSettings defaults() {
        return of(Map.of());
    }

    /** @return how slowly a client may send a body its handler reads */
    BodyPace bodyPace() {
        return new BodyPace(bodyTimeoutNanos, minBodyRate);
    }

    // Each reads the property it names and checks it, so the name read and the name in the message are one.
    private static int positiveInt(ConfigProperties config, String name, int defaultValue) {
        return (int) positive(name, config.intValue(name, defaultValue));
    }

    private static long positive(ConfigProperties config, String name, long defaultValue) {
        return positive(name, config.longValue(name, defaultValue));
    }

    private static long millis(ConfigProperties config, String name, long defaultValue) {
        return TimeUnit.MILLISECONDS.toNanos(positive(config, name, defaultValue));
    }

    private static long nonNegative(ConfigProperties config, String name, long defaultValue) {
        long value = config.longValue(name, defaultValue);
        if (value < 0) {
            throw new InvalidConfigurationException(ConnectorComponent.PID,
                    name + " must not be negative, not " + value);
        }
        return value;
    }

    private static long positive(String name, long value) {
        if (value <= 0) {
            throw new InvalidConfigurationException(ConnectorComponent.PID,
                    name + " must be positive, not " + value);
        }
        return value;
    }
}
