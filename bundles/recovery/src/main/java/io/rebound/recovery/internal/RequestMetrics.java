package io.rebound.recovery.internal;

import java.util.concurrent.atomic.LongAdder;

import io.rebound.http.spi.AccessLog;
import io.rebound.http.spi.AccessRecord;

import org.osgi.service.component.annotations.Component;

/**
 * Counts the public port's responses by status class and their latency, from the access records the connector
 * hands to every {@link AccessLog} service. It runs on the connector's request path, so it only bumps
 * {@link LongAdder}s: no lock, no allocation, no I/O.
 *
 * <p>Registered with {@value #OBSERVER_PROPERTY}{@code =true}: it observes requests but writes no access log, so
 * the launcher's readiness check (which waits for the access log) must not take it for one.
 */
@Component(name = "io.rebound.recovery.requestmetrics", service = { AccessLog.class, RequestMetrics.class },
        immediate = true, property = RequestMetrics.OBSERVER_PROPERTY + ":Boolean=true")
public final class RequestMetrics implements AccessLog {

    static final String OBSERVER_PROPERTY = "rebound.accesslog.observer";

    /** Latency bucket bounds in microseconds: 0.5 ms to 10 s. */
    static final long[] LATENCY_BOUNDS_MICROS = { 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000,
        250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000 };

    // Index 0 unused; 1..5 for 1xx..5xx.
    private final LongAdder[] byClass = new LongAdder[6];
    private final Histogram latency = new Histogram(LATENCY_BOUNDS_MICROS);

    public RequestMetrics() {
        for (int i = 0; i < byClass.length; i++) {
            byClass[i] = new LongAdder();
        }
    }

    @Override
    public void log(AccessRecord record) {
        int statusClass = record.status() / 100;
        if (statusClass >= 1 && statusClass <= 5) {
            byClass[statusClass].increment();
        }
        latency.observe(Math.max(0, record.durationMicros()));
    }

    /** @return responses with a status of {@code statusClass}xx (1 to 5) */
    long responses(int statusClass) {
        return byClass[statusClass].sum();
    }

    Histogram.Snapshot latency() {
        return latency.snapshot();
    }
}
