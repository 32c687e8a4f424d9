package io.rebound.recovery.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.ServiceReference;

/**
 * Runs the health checks that supervised components publish (Apache Felix Health Checks' {@link HealthCheck}
 * services) and reports a component whose check stays CRITICAL (or fails to run) longer than its grace period. A
 * check runs on its own executor with a timeout, so a check that hangs counts as failing instead of stalling
 * supervision.
 */
final class HealthWatcher {

    private static final long CHECK_TIMEOUT_MILLIS = 2_000;

    /** A health check service and the component that published it. */
    record Check(ServiceReference<HealthCheck> reference, HealthCheck check) {
    }

    private final ExecutorService runner;
    private final Function<ServiceReference<?>, String> componentOf;
    private final Consumer<Failure> report;
    private final Map<ServiceReference<HealthCheck>, Long> criticalSince = new HashMap<>();
    private final Map<ServiceReference<HealthCheck>, Result.Status> lastStatus = new HashMap<>();

    HealthWatcher(ExecutorService runner, Function<ServiceReference<?>, String> componentOf,
            Consumer<Failure> report) {
        this.runner = runner;
        this.componentOf = componentOf;
        this.report = report;
    }

    /** Runs every check once; call from one thread only. */
    void scan(List<Check> checks, ToLongFunction<String> graceNanos) {
        criticalSince.keySet().removeIf(ref -> checks.stream().noneMatch(c -> c.reference().equals(ref)));
        lastStatus.keySet().retainAll(criticalSince.keySet());
        for (Check check : checks) {
            String component = componentOf.apply(check.reference());
            if (component == null) {
                continue;
            }
            String problem = run(check);
            long now = System.nanoTime();
            if (problem == null) {
                criticalSince.remove(check.reference());
                continue;
            }
            long since = criticalSince.computeIfAbsent(check.reference(), r -> now);
            if (since != Long.MIN_VALUE && now - since > graceNanos.applyAsLong(component)) {
                criticalSince.put(check.reference(), Long.MIN_VALUE);
                report.accept(Failure.since(component, "health", problem, since));
            }
        }
    }

    /** @return null when healthy enough, else what is wrong */
    private String run(Check check) {
        Object name = check.reference().getProperty(HealthCheck.NAME);
        Future<Result> result = runner.submit(check.check()::execute);
        try {
            Result r = result.get(CHECK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            Result.Status status = r.getStatus();
            if (status == Result.Status.CRITICAL || status == Result.Status.HEALTH_CHECK_ERROR) {
                return "health check '" + name + "' " + status + ": " + r.toString().replace('\n', ' ');
            }
            return null;
        } catch (TimeoutException e) {
            result.cancel(true);
            return "health check '" + name + "' did not answer within " + CHECK_TIMEOUT_MILLIS + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return "health check '" + name + "' threw " + CallWatchdog.oneLine(e.getCause() == null ? e : e.getCause());
        }
    }
}
