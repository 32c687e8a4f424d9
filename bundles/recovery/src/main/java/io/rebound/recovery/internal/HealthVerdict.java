package io.rebound.recovery.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three health answers (CONTRACT section 4), decided from the components' states:
 * <ul>
 * <li>{@code /health}: healthy when every component is ACTIVE;</li>
 * <li>{@code /health/ready} (Kubernetes readiness: send traffic here?): not while the server is still starting
 * (its components have not all been ACTIVE once yet), nor while a component is FAILED (recovery gave up on it and
 * part of the request path answers 503); a component being rebooted is back within moments, so it does not take the
 * instance out of rotation;</li>
 * <li>{@code /health/live} (Kubernetes liveness: restart this process?): only when recovery gave up on the whole
 * process, since anything less is healed from inside without losing the process.</li>
 * </ul>
 *
 * @param healthy every component ACTIVE
 * @param ready can take traffic
 * @param live need not be restarted
 * @param started every component has been ACTIVE at once at least once
 * @param notActive {@code name=STATE} of each component that is not ACTIVE
 * @param states every component's state, by name
 */
record HealthVerdict(boolean healthy, boolean ready, boolean live, boolean started, List<String> notActive,
        Map<String, String> states) {

    /** The exit code with which escalation stops the process; recovery has given up on it. */
    static final String GAVE_UP_EXIT_CODE = "75";

    /**
     * @param startedBefore whether a verdict of this endpoint has already seen every component ACTIVE
     * @param exitCode the value of system property {@code rebound.exit.code}, or {@code null}
     */
    static HealthVerdict of(List<ComponentView> components, boolean startedBefore, String exitCode) {
        List<String> notActive = new ArrayList<>();
        Map<String, String> states = new LinkedHashMap<>();
        boolean failed = false;
        for (ComponentView view : components) {
            states.put(view.name(), view.state().name());
            if (view.state() != ComponentState.ACTIVE) {
                notActive.add(view.name() + "=" + view.state());
            }
            failed |= view.state() == ComponentState.FAILED;
        }
        boolean live = !GAVE_UP_EXIT_CODE.equals(exitCode);
        boolean started = startedBefore || (notActive.isEmpty() && !components.isEmpty());
        return new HealthVerdict(notActive.isEmpty() && live, live && started && !failed, live, started,
                notActive, states);
    }

    /** @return why the instance is not ready, in a few words, or {@code null} when it is */
    String notReadyReason() {
        if (!live) {
            return "recovery gave up on the process; it is stopping with exit code " + GAVE_UP_EXIT_CODE;
        }
        if (ready) {
            return null;
        }
        // A FAILED component is the more useful news, starting or not: recovery gave up on it.
        return notActive.stream().anyMatch(s -> s.endsWith("=" + ComponentState.FAILED)) ? "FAILED components"
                : "starting: not every component has been ACTIVE yet";
    }

    Map<String, Object> toJson(String status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", status);
        json.put("live", live);
        json.put("ready", ready);
        json.put("components", states);
        return json;
    }
}
