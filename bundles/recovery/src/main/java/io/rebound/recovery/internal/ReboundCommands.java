package io.rebound.recovery.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.rebound.recovery.api.FaultKind;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code rebound:} commands of the Gogo shell: what the admin API offers, at the console. */
@Component(name = "io.rebound.recovery.commands", service = ReboundCommands.class, property = {
        "osgi.command.scope=rebound", "osgi.command.function=components", "osgi.command.function=restart",
        "osgi.command.function=inject", "osgi.command.function=history", "osgi.command.function=health" })
public final class ReboundCommands {


    private final Supervisor supervisor;
    private final OperatorRestarts operatorRestarts;
    private final boolean faults;

    @Activate
    public ReboundCommands(BundleContext context, @Reference Supervisor supervisor,
            @Reference OperatorRestarts operatorRestarts) {
        this.supervisor = supervisor;
        this.operatorRestarts = operatorRestarts;
        this.faults = Boolean.parseBoolean(context.getProperty("rebound.faults"));
    }

    @Descriptor("list the supervised components: state, bundle, restarts, last failure, dependencies")
    public String components() {
        StringBuilder out = new StringBuilder(String.format("%-22s %-10s %5s %8s  %-24s %s%n", "NAME", "STATE", "ID",
                "RESTARTS", "DEPENDS ON", "LAST FAILURE"));
        for (ComponentView c : supervisor.components()) {
            out.append(String.format("%-22s %-10s %5d %8d  %-24s %s%n", c.name(), c.state(), c.bundleId(),
                    c.restarts(), String.join(",", c.dependsOn()),
                    c.lastFailureCause() == null ? "-" : c.lastFailureAt() + " " + c.lastFailureCause()));
        }
        return out.toString();
    }

    @Descriptor("microreboot a component now (stop, refresh, start its bundle)")
    public String restart(@Descriptor("component name, as listed by rebound:components") String name)
            throws InterruptedException {
        Instant at = Instant.now();
        Duration took;
        try {
            took = supervisor.restart(name, "operator request (Gogo shell)");
        } catch (RebootFailedException e) {
            operatorRestarts.add(new OperatorRestarts.Restart(name, at,
                    Duration.between(at, Instant.now()).toMillis(), "gogo", false));
            AdminAudit.console("restart " + name, false, e.getMessage());
            throw e;
        } catch (IllegalArgumentException e) {
            AdminAudit.console("restart " + name, false, e.getMessage());
            throw e;
        }
        operatorRestarts.add(new OperatorRestarts.Restart(name, at, took.toMillis(), "gogo", true));
        AdminAudit.console("restart " + name, true, took.toMillis() + " ms");
        return "rebooted " + name + " in " + took.toMillis() + " ms";
    }

    @Descriptor("inject a fault into a component (the server must run with --faults)")
    public String inject(@Descriptor("component name") String name,
            @Descriptor("fault kind: crash, hang, exception, leak or slow") String kind) {
        if (!faults) {
            throw new IllegalStateException("fault injection is off; start the server with --faults");
        }
        try {
            supervisor.inject(name, FaultKind.parse(kind));
        } catch (IllegalArgumentException e) {
            AdminAudit.console("inject " + kind + " into " + name, false, e.getMessage());
            throw e;
        }
        AdminAudit.console("inject " + kind + " into " + name, true, null);
        return "injected " + kind + " into " + name;
    }

    @Descriptor("list the recoveries since start, oldest first")
    public String history() {
        List<RecoveryRecord> records = supervisor.recoveries();
        if (records.isEmpty()) {
            return "no recoveries";
        }
        StringBuilder out = new StringBuilder();
        for (RecoveryRecord r : records) {
            out.append(String.format("%s %-12s %-9s detect %4d ms, recover %5d ms, %s; cause: %s%n", r.detectedAt(),
                    r.name(), r.result(), r.detectionMillis(), r.durationMillis(), r.action(), r.cause()));
        }
        return out.toString();
    }

    @Descriptor("overall health: OK when every component is ACTIVE, else the ones that are not")
    public String health() {
        StringBuilder failing = new StringBuilder();
        for (ComponentView c : supervisor.components()) {
            if (c.state() != ComponentState.ACTIVE) {
                failing.append(' ').append(c.name()).append('=').append(c.state());
            }
        }
        return failing.length() == 0 ? "OK" : "FAILING" + failing;
    }
}
