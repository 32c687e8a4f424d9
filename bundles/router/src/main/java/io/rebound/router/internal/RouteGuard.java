package io.rebound.router.internal;

import java.util.concurrent.Semaphore;

/**
 * What protects the callers of one route: its bulkhead (a bound on concurrent calls) and its circuit breaker. Kept
 * per path, not per handler instance, so that it survives the handler's reboots.
 */
final class RouteGuard {

    final Semaphore bulkhead;
    final CircuitBreaker breaker;

    RouteGuard(int maxConcurrent, int breakerFailures, long breakerOpenNanos) {
        this.bulkhead = new Semaphore(maxConcurrent);
        this.breaker = new CircuitBreaker(breakerFailures, breakerOpenNanos);
    }
}
