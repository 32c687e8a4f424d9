package io.rebound.recovery.internal;

/** The states of a supervised component, as the admin API and {@code /health} report them. */
enum ComponentState {
    /** Its bundle is active and every DS component in it is satisfied and active. */
    ACTIVE,
    /** It is being rebooted right now. */
    RECOVERING,
    /** Its bundle is active but some of its DS components are not (unsatisfied or failed to activate). */
    DEGRADED,
    /** Its bundle is not active and nobody is rebooting it. */
    FAILED
}
