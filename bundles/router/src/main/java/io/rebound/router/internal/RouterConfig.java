package io.rebound.router.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How the router shields clients from handler reboots and failures (PID {@code io.rebound.router}). */
@ObjectClassDefinition(name = "Rebound router", description = "Holding, retries, circuit breakers, bulkheads")
@interface RouterConfig {

    @AttributeDefinition(description = "How long a request waits for a handler that is rebooting (its service went "
            + "away moments ago) or for the replacement of one that just failed")
    long hold_millis() default 2_000;

    @AttributeDefinition(description = "Most calls one handler may run at once; a further call waits up to 50 ms for "
            + "a free slot, then is answered 503, so a slow or hung handler cannot take every worker (bulkhead; "
            + "three quarters of the connector's 256 workers by default)")
    int max_concurrent_calls() default 192;

    @AttributeDefinition(description = "Consecutive failed calls (exceptions, 5xx) that open a handler's circuit "
            + "breaker")
    int breaker_failures() default 5;

    @AttributeDefinition(description = "How long an open breaker answers 503 before letting one probe through; "
            + "doubles after each failed probe, up to 32 times this")
    long breaker_open_millis() default 2_000;
}
