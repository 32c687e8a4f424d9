package io.rebound.connector.internal;

import java.util.concurrent.TimeUnit;

/**
 * Builds {@link ConnectorSettings} for a test: generous defaults (so only the setting under test can fire), then
 * the one or two values a test cares about.
 */
final class TestSettings {

    private int maxWorkers = 8;
    private int maxConnections = 1_000;
    private long idleMillis = 30_000;
    private long headerMillis = 10_000;
    private long bodyMillis = 10_000;
    private long writeMillis = 10_000;
    private long maxBodyBytes = 1024 * 1024;
    private long lingerMillis = 20;
    private long stopMillis = 5_000;
    private long holdMillis = 500;
    private int maxConnectionsPerAddress = 1_000;
    private long minBodyRate;

    static TestSettings settings() {
        return new TestSettings();
    }

    TestSettings maxWorkers(int n) {
        maxWorkers = n;
        return this;
    }

    TestSettings maxConnections(int n) {
        maxConnections = n;
        return this;
    }

    TestSettings idleMillis(long ms) {
        idleMillis = ms;
        return this;
    }

    TestSettings headerMillis(long ms) {
        headerMillis = ms;
        return this;
    }

    TestSettings bodyMillis(long ms) {
        bodyMillis = ms;
        return this;
    }

    TestSettings writeMillis(long ms) {
        writeMillis = ms;
        return this;
    }

    TestSettings maxBodyBytes(long bytes) {
        maxBodyBytes = bytes;
        return this;
    }

    TestSettings lingerMillis(long ms) {
        lingerMillis = ms;
        return this;
    }

    TestSettings stopMillis(long ms) {
        stopMillis = ms;
        return this;
    }

    TestSettings holdMillis(long ms) {
        holdMillis = ms;
        return this;
    }

    TestSettings maxConnectionsPerAddress(int n) {
        maxConnectionsPerAddress = n;
        return this;
    }

    TestSettings minBodyRate(long bytesPerSecond) {
        minBodyRate = bytesPerSecond;
        return this;
    }

    ConnectorSettings build() {
        return new ConnectorSettings(maxWorkers, maxConnections, nanos(idleMillis), nanos(headerMillis),
                nanos(bodyMillis), nanos(writeMillis), maxBodyBytes, nanos(lingerMillis), stopMillis,
                nanos(holdMillis), maxConnectionsPerAddress, minBodyRate);
    }

    private static long nanos(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
