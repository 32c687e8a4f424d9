package io.rebound.recovery.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One recovery, as {@code GET /recoveries} lists it.
 *
 * @param name the failed component
 * @param cause what was detected
 * @param detectedAt when
 * @param recoveredAt when serving again (or when recovery gave up)
 * @param detectionMillis from the fault (as far as known) to its detection
 * @param durationMillis from detection to serving again
 * @param result RECOVERED, ESCALATED or FAILED
 * @param action what was restarted
 */
record RecoveryRecord(String name, String cause, Instant detectedAt, Instant recoveredAt, long detectionMillis,
        long durationMillis, String result, String action) {

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("cause", cause);
        json.put("detectedAt", detectedAt.toString());
        json.put("recoveredAt", recoveredAt.toString());
        json.put("detectionMillis", detectionMillis);
        json.put("durationMillis", durationMillis);
        json.put("result", result);
        json.put("action", action);
        return json;
    }
}
