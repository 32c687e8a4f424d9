package io.rebound.recovery.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One component's own restart policy (factory PID {@code io.rebound.recovery.policy}). Attributes left out keep the
 * defaults of {@link RecoveryConfig}; a negative number or empty string means "not set".
 */
@ObjectClassDefinition(name = "Rebound recovery policy", description = "Restart policy of one component")
@interface PolicyConfig {

    @AttributeDefinition(description = "The component this policy is for (its name in /components)")
    String component();

    String restart_type() default "";

    int max_restarts() default -1;

    int window_seconds() default -1;

    long backoff_initial_millis() default -1;

    long backoff_max_millis() default -1;

    long stop_timeout_millis() default -1;

    long hang_deadline_millis() default -1;

    long health_grace_millis() default -1;

    int max_threads() default -1;
}
