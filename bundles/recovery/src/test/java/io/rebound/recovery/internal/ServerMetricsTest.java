package io.rebound.recovery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.rebound.http.spi.AccessRecord;

import org.junit.jupiter.api.Test;

class ServerMetricsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    static ComponentView component(String name, ComponentState state, int restarts, String... dependsOn) {
        return new ComponentView(name, "io.rebound." + name, 7, state, restarts, null, null, List.of(dependsOn));
    }

    static RecoveryRecord recovery(String name, Instant recoveredAt, long detectionMillis, long durationMillis,
            String result) {
        return new RecoveryRecord(name, "crash", recoveredAt.minusMillis(durationMillis), recoveredAt,
                detectionMillis, durationMillis, result, "microreboot " + name);
    }

    private static AccessRecord response(int status, long micros) {
        return new AccessRecord("127.0.0.1", 0, "GET", "/", "HTTP/1.1", status, 0, null, null, micros);
    }

    @Test
    void everythingTheIssueAsksForParsesBackStrictly() {
        RequestMetrics requests = new RequestMetrics();
        requests.log(response(200, 300));
        requests.log(response(204, 2_000));
        requests.log(response(404, 40_000));
        requests.log(response(503, 20_000_000));
        List<ComponentView> components = List.of(component("connector", ComponentState.ACTIVE, 2, "parser"),
                component("parser", ComponentState.RECOVERING, 1),
                component("weird \"name\"\\", ComponentState.FAILED, 0));
        List<RecoveryRecord> recoveries = List.of(
                recovery("parser", NOW.minusSeconds(3_600), 40, 120, "RECOVERED"),
                recovery("connector", NOW.minusSeconds(60), 3, 2_000, "ESCALATED"),
                recovery("weird \"name\"\\", NOW.minusSeconds(10), 0, 70_000, "FAILED"));

        String text = ServerMetrics.render(components, recoveries, 3, requests, NOW);
        Map<String, ExpositionParser.Family> m = ExpositionParser.parse(text);

        assertEquals(2, ExpositionParser.value(m, "rebound_http_requests_total", "code", "2xx"));
        assertEquals(1, ExpositionParser.value(m, "rebound_http_requests_total", "code", "4xx"));
        assertEquals(1, ExpositionParser.value(m, "rebound_http_requests_total", "code", "5xx"));
        assertEquals(0, ExpositionParser.value(m, "rebound_http_requests_total", "code", "1xx"));
        assertEquals(1, ExpositionParser.value(m, "rebound_http_request_duration_seconds_bucket", "le", "0.0005"));
        assertEquals(2, ExpositionParser.value(m, "rebound_http_request_duration_seconds_bucket", "le", "0.0025"));
        assertEquals(3, ExpositionParser.value(m, "rebound_http_request_duration_seconds_bucket", "le", "10"));
        assertEquals(4, ExpositionParser.value(m, "rebound_http_request_duration_seconds_count"));
        assertEquals(20.0423, ExpositionParser.value(m, "rebound_http_request_duration_seconds_sum"), 1e-9);

        assertEquals(2, ExpositionParser.value(m, "rebound_component_restarts_total", "component", "connector"));
        assertEquals(1, ExpositionParser.value(m, "rebound_component_state", "component", "parser",
                "state", "RECOVERING"));
        assertEquals(0, ExpositionParser.value(m, "rebound_component_state", "component", "parser",
                "state", "ACTIVE"));
        assertEquals(1, ExpositionParser.value(m, "rebound_component_state", "component", "weird \"name\"\\",
                "state", "FAILED"));

        assertEquals(1, ExpositionParser.value(m, "rebound_recoveries_total", "result", "RECOVERED"));
        assertEquals(1, ExpositionParser.value(m, "rebound_recoveries_total", "result", "ESCALATED"));
        assertEquals(1, ExpositionParser.value(m, "rebound_recoveries_total", "result", "FAILED"));
        assertEquals(1, ExpositionParser.value(m, "rebound_recovery_duration_seconds_bucket", "le", "0.25"));
        assertEquals(2, ExpositionParser.value(m, "rebound_recovery_duration_seconds_bucket", "le", "2.5"));
        assertEquals(2, ExpositionParser.value(m, "rebound_recovery_duration_seconds_bucket", "le", "60"));
        assertEquals(3, ExpositionParser.value(m, "rebound_recovery_duration_seconds_count"));
        assertEquals(72.12, ExpositionParser.value(m, "rebound_recovery_duration_seconds_sum"), 1e-9);
        assertEquals(2, ExpositionParser.value(m, "rebound_recovery_detection_seconds_bucket", "le", "0.005"));
        assertEquals(2, ExpositionParser.value(m, "rebound_recent_recoveries"), "the last 5 minutes");
        assertEquals(70, ExpositionParser.value(m, "rebound_last_recovery_duration_seconds"));
        assertEquals(NOW.minusSeconds(10).getEpochSecond(),
                ExpositionParser.value(m, "rebound_last_recovery_timestamp_seconds"));
        assertEquals(3, ExpositionParser.value(m, "rebound_leaked_threads"));
        assertEquals("gauge", m.get("rebound_breaker_state").type());
        assertTrue(m.get("rebound_breaker_state").samples().isEmpty(), "no breakers, no made-up values");
    }

    @Test
    void beforeAnyRecoveryTheLastRecoveryGaugesAreAbsentAndHistogramsEmpty() {
        String text = ServerMetrics.render(List.of(component("files", ComponentState.ACTIVE, 0)), List.of(), 0,
                null, NOW);
        Map<String, ExpositionParser.Family> m = ExpositionParser.parse(text);
        assertTrue(m.get("rebound_last_recovery_duration_seconds").samples().isEmpty());
        assertEquals(0, ExpositionParser.value(m, "rebound_recovery_duration_seconds_count"));
        assertEquals(0, ExpositionParser.value(m, "rebound_recent_recoveries"));
        assertFalse(m.containsKey("rebound_http_requests_total"), "no request metrics without their component");
    }

    @Test
    void requestMetricsCountEveryRecordFromManyThreads() throws Exception {
        RequestMetrics requests = new RequestMetrics();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 10_000; i++) {
                    requests.log(response(200 + (i % 2) * 300, i));
                }
            }));
        }
        for (var f : done) {
            f.get();
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(20_000, requests.responses(2));
        assertEquals(20_000, requests.responses(5));
        assertEquals(40_000, requests.latency().count());
    }
}
