package io.rebound.recovery.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /metrics} shows: request counts and latency (from {@link RequestMetrics}), and the supervisor's
 * view of components and recoveries, rendered at scrape time. The recovery histograms are computed from the
 * recovery history, so they reset (as Prometheus expects counters may) when the recovery bundle restarts.
 */
final class ServerMetrics {

    /** What "recent" means for {@code rebound_recent_recoveries}: checks like Nagios cannot compute rates. */
    static final Duration RECENT = Duration.ofMinutes(5);

    /** Recovery and detection bucket bounds in milliseconds: 1 ms to 60 s. */
    static final long[] RECOVERY_BOUNDS_MILLIS = { 1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
        30_000, 60_000 };

    private static final String[] RESULTS = { "RECOVERED", "ESCALATED", "FAILED" };

    private ServerMetrics() {
    }

    /**
     * @param requests the request counters, or {@code null} when they are not available
     */
    static String render(List<ComponentView> components, List<RecoveryRecord> recoveries, int leakedThreads,
            RequestMetrics requests, Instant now) {
        MetricsText text = new MetricsText();
        if (requests != null) {
            text.family("rebound_http_requests_total", "counter",
                    "Responses on the public port by status class (1xx to 5xx).");
            for (int statusClass = 1; statusClass <= 5; statusClass++) {
                text.sample("rebound_http_requests_total", requests.responses(statusClass),
                        "code", statusClass + "xx");
            }
            text.histogram("rebound_http_request_duration_seconds",
                    "Time from a complete request head to the end of its response.", requests.latency(), 1e6);
        }

        text.family("rebound_component_restarts_total", "counter",
                "Microreboots of each supervised component since the supervisor started.");
        for (ComponentView c : components) {
            text.sample("rebound_component_restarts_total", c.restarts(), "component", c.name());
        }
        text.family("rebound_component_state", "gauge",
                "1 for the state each supervised component is in (ACTIVE, RECOVERING, DEGRADED, FAILED), else 0.");
        for (ComponentView c : components) {
            for (ComponentState state : ComponentState.values()) {
                text.sample("rebound_component_state", c.state() == state ? 1 : 0, "component", c.name(),
                        "state", state.name());
            }
        }

        Histogram duration = new Histogram(RECOVERY_BOUNDS_MILLIS);
        Histogram detection = new Histogram(RECOVERY_BOUNDS_MILLIS);
        Map<String, Long> byResult = new LinkedHashMap<>();
        for (String result : RESULTS) {
            byResult.put(result, 0L);
        }
        long recent = 0;
        RecoveryRecord last = null;
        for (RecoveryRecord r : recoveries) {
            duration.observe(Math.max(0, r.durationMillis()));
            detection.observe(Math.max(0, r.detectionMillis()));
            byResult.merge(r.result(), 1L, Long::sum);
            if (!r.recoveredAt().isBefore(now.minus(RECENT))) {
                recent++;
            }
            if (last == null || !r.recoveredAt().isBefore(last.recoveredAt())) {
                last = r;
            }
        }
        text.family("rebound_recoveries_total", "counter", "Recoveries by result (RECOVERED, ESCALATED, FAILED).");
        byResult.forEach((result, count) -> text.sample("rebound_recoveries_total", count, "result", result));
        text.histogram("rebound_recovery_duration_seconds",
                "Time from detecting a failure to serving again (or to giving up).", duration.snapshot(), 1e3);
        text.histogram("rebound_recovery_detection_seconds",
                "Time from the start of a fault, as far as known, to its detection.", detection.snapshot(), 1e3);
        text.family("rebound_recent_recoveries", "gauge",
                "Recoveries that ended in the last " + RECENT.toSeconds() + " seconds.");
        text.sample("rebound_recent_recoveries", recent);
        text.family("rebound_last_recovery_duration_seconds", "gauge",
                "Duration of the latest recovery; absent before the first.");
        if (last != null) {
            text.sample("rebound_last_recovery_duration_seconds", last.durationMillis() / 1e3);
        }
        text.family("rebound_last_recovery_timestamp_seconds", "gauge",
                "When the latest recovery ended, in seconds since the epoch; absent before the first.");
        if (last != null) {
            text.sample("rebound_last_recovery_timestamp_seconds", last.recoveredAt().toEpochMilli() / 1e3);
        }

        text.family("rebound_leaked_threads", "gauge",
                "Threads abandoned in hung calls that are still alive (Java cannot kill a thread).");
        text.sample("rebound_leaked_threads", leakedThreads);
        // Declared so dashboards and alerts can be written now; circuit breakers do not exist yet, and a made-up
        // value would be worse than none.
        text.family("rebound_breaker_state", "gauge",
                "State of each circuit breaker: 0 closed, 1 half-open, 2 open. No series until breakers exist.");
        return text.toString();
    }
}
