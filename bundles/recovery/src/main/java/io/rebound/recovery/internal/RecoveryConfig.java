package io.rebound.recovery.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The default restart policy of every supervised component (PID {@code io.rebound.recovery}). A component can be
 * given its own with a factory configuration {@code io.rebound.recovery.policy} whose {@code component} property
 * names it (see {@link PolicyConfig}).
 */
@ObjectClassDefinition(name = "Rebound recovery", description = "Default restart policy of supervised components")
@interface RecoveryConfig {

    @AttributeDefinition(description = "permanent: always restarted; transient: restarted unless it stopped "
            + "normally; temporary: never restarted (goes FAILED at its first failure)", options = {
                @Option(label = "permanent", value = "permanent"), @Option(label = "transient", value = "transient"),
                @Option(label = "temporary", value = "temporary") })
    String restart_type() default "permanent";

    @AttributeDefinition(description = "Most microreboots of one component within window.seconds before escalating")
    int max_restarts() default 5;

    @AttributeDefinition(description = "Length of the restart-intensity window")
    int window_seconds() default 60;

    @AttributeDefinition(description = "Wait before the second restart in a row; doubles for each further one")
    long backoff_initial_millis() default 100;

    @AttributeDefinition(description = "Longest wait between restarts")
    long backoff_max_millis() default 5_000;

    @AttributeDefinition(description = "Time a component's bundle gets to stop before it is abandoned")
    long stop_timeout_millis() default 10_000;

    @AttributeDefinition(description = "A call into the component without progress for this long is a hang")
    long hang_deadline_millis() default 10_000;

    @AttributeDefinition(description = "A health check CRITICAL for this long triggers recovery")
    long health_grace_millis() default 5_000;

    @AttributeDefinition(description = "Failed calls over this fraction of calls (within error.window.seconds, "
            + "at least error.min.calls) mean the component failed")
    double error_rate() default 0.5;

    @AttributeDefinition(description = "Sliding window of the error rate")
    int error_window_seconds() default 10;

    @AttributeDefinition(description = "Calls needed in the window before the error rate counts")
    int error_min_calls() default 20;

    @AttributeDefinition(description = "Live threads a component may hold before it counts as leaking (aged)")
    int max_threads() default 400;

    @AttributeDefinition(description = "Proactive rejuvenation: a component whose threads outside worker pools grow "
            + "this many over what it had when it started is aging (leaking) and gets a drained, planned microreboot "
            + "before it fails; 0 turns this off")
    int rejuvenate_thread_growth() default 16;

    @AttributeDefinition(description = "Scheduled rejuvenation: a drained, planned microreboot of every component "
            + "this often; 0 (the default) turns it off")
    long rejuvenate_every_seconds() default 0;

    @AttributeDefinition(description = "Proactive rejuvenation on latency drift: a component whose calls take, on "
            + "average over rejuvenate.latency.window.seconds, this many times as long as in its fastest second since "
            + "it started (and at least 1 ms more) is aging and gets a drained, planned microreboot; 0 (the default) "
            + "turns it off, since load alone also slows calls down")
    double rejuvenate_latency_drift() default 0;

    @AttributeDefinition(description = "The window, in seconds, latency drift is averaged over")
    int rejuvenate_latency_window_seconds() default 30;

    @AttributeDefinition(description = "How often detectors look")
    long check_interval_millis() default 100;
}
