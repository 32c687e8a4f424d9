package io.rebound.router.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How the router shields clients from handler reboots and failures (PID {@code io.rebound.router}). */
@ObjectClassDefinition(name = "Rebound router", description = "Holding, retries, circuit breakers, bulkheads")
@interface RouterConfig {

    // The defaults, as constants the component reads its configuration with (see ConfigProperties for why).
    long HOLD_MILLIS = 2_000;
    int MAX_CONCURRENT_CALLS = 192;
    int BREAKER_FAILURES = 5;
    long BREAKER_OPEN_MILLIS = 2_000;

    @AttributeDefinition(description = "How long a request waits for a handler that is rebooting (its service went "
            + "away moments ago) or for the replacement of one that just failed")
    long hold_millis() default HOLD_MILLIS;

    @AttributeDefinition(description = "Most calls one handler may run at once; a further call waits up to 50 ms for "
            + "a free slot, then is answered 503, so a slow or hung handler cannot take every worker (bulkhead; "
            + "three quarters of the connector's 256 workers by default)")
    int max_concurrent_calls() default MAX_CONCURRENT_CALLS;

    @AttributeDefinition(description = "Consecutive failed calls (exceptions, 5xx) that open a handler's circuit "
            + "breaker")
    int breaker_failures() default BREAKER_FAILURES;

    @AttributeDefinition(description = "How long an open breaker answers 503 before letting one probe through; "
            + "doubles after each failed probe, up to 32 times this")
    long breaker_open_millis() default BREAKER_OPEN_MILLIS;
}
