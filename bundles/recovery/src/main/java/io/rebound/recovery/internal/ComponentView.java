package io.rebound.recovery.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the admin API shows of one supervised component.
 *
 * @param name the component name ({@code Rebound-Component} header, or the symbolic name of a foreign bundle)
 * @param bundle the bundle's symbolic name
 * @param bundleId the bundle's id
 * @param state its state
 * @param restarts microreboots since the server started
 * @param lastFailureCause what went wrong last, or {@code null}
 * @param lastFailureAt when, or {@code null}
 * @param dependsOn names of the supervised components whose services it uses
 */
record ComponentView(String name, String bundle, long bundleId, ComponentState state, int restarts,
        String lastFailureCause, Instant lastFailureAt, List<String> dependsOn) {

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("bundle", bundle);
        json.put("bundleId", bundleId);
        json.put("state", state.name());
        json.put("restarts", restarts);
        if (lastFailureCause == null) {
            json.put("lastFailure", null);
        } else {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("cause", lastFailureCause);
            failure.put("at", lastFailureAt.toString());
            json.put("lastFailure", failure);
        }
        json.put("dependsOn", dependsOn);
        return json;
    }
}
