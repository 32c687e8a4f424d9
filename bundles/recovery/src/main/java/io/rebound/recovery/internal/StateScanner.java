package io.rebound.recovery.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Watches supervised bundles from the outside: a bundle that left ACTIVE while it is still meant to run (it is
 * persistently started, so no operator stopped it), a DS component that failed to activate, or one left
 * unsatisfied although the services it needs are there. A condition must persist across scans for a moment before
 * it counts, since every bundle passes through such states briefly while it starts, stops or rebinds.
 */
final class StateScanner {

    // Long enough for SCR to catch up on a loaded machine (it binds asynchronously), short next to a real outage.
    private static final long PERSIST_NANOS = TimeUnit.MILLISECONDS.toNanos(1_500);

    // SCR's DTOs are built afresh on every ask (descriptions, properties, bound references), by far the dearest part
    // of a scan: they are read when a service or bundle event says something changed, while a problem is being
    // watched, and otherwise at this pace — a component whose activation fails on first use changes nothing an event
    // reports.
    private static final long DTO_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** How a problem that only a corrected configuration can cure starts (its failure's kind is "configuration"). */
    static final String INVALID_CONFIGURATION = "invalid configuration: ";

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final Consumer<Failure> report;
    private final Map<String, Long> firstSeen = new HashMap<>();
    private final Map<String, String> reported = new HashMap<>();
    private final Map<String, Long> lastDtoScan = new HashMap<>();
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private final ServiceListener serviceEvents = event -> changed.set(true);
    private final BundleListener bundleEvents = event -> changed.set(true);
    private boolean changedThisRound;

    StateScanner(BundleContext context, ServiceComponentRuntime scr, Consumer<Failure> report) {
        this.context = context;
        this.scr = scr;
        this.report = report;
        context.addServiceListener(serviceEvents);
        context.addBundleListener(bundleEvents);
    }

    /** Stops listening to the framework. */
    void close() {
        context.removeServiceListener(serviceEvents);
        context.removeBundleListener(bundleEvents);
    }

    /** Starts a round of {@link #scan}s over every component; call from one thread only. */
    void beginRound() {
        changedThisRound = changed.getAndSet(false);
    }

    /** Checks one component; call from one thread only, after {@link #beginRound}. */
    void scan(String name, Bundle bundle) {
        long now = System.nanoTime();
        boolean readDtos = changedThisRound || firstSeen.containsKey(name)
                || now - lastDtoScan.getOrDefault(name, now - DTO_EVERY_NANOS) >= DTO_EVERY_NANOS;
        if (readDtos) {
            lastDtoScan.put(name, now);
        }
        String problem = problemOf(bundle, readDtos);
        if (problem == null) {
            firstSeen.remove(name);
            reported.remove(name);
            return;
        }
        long since = firstSeen.computeIfAbsent(name, n -> now);
        if (now - since >= PERSIST_NANOS && !problem.equals(reported.get(name))) {
            reported.put(name, problem);
            Failure failure = Failure.since(name, problem.startsWith(INVALID_CONFIGURATION) ? "configuration"
                    : "state", problem, since);
            report.accept(problem.startsWith("bundle stopped by itself") ? failure.normal() : failure);
        }
    }

    /** Forgets what was seen of a component (it was just rebooted, or given up on). */
    void forget(String name) {
        firstSeen.remove(name);
        reported.remove(name);
    }

    /** @param readDtos whether to look at the bundle's DS components too, or only at the bundle's state */
    private String problemOf(Bundle bundle, boolean readDtos) {
        int state = bundle.getState();
        if (state != Bundle.ACTIVE) {
            if (state == Bundle.STARTING || state == Bundle.STOPPING || !persistentlyStarted(bundle)) {
                return null;
            }
            return "bundle stopped by itself (state " + stateName(state) + ") though it is meant to run";
        }
        if (!readDtos) {
            return null;
        }
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return (ActivationFailure.configuration(configuration.failure) ? INVALID_CONFIGURATION : "")
                            + "DS component " + description.name + " failed to activate: "
                            + ActivationFailure.cause(configuration.failure);
                }
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    String missing = unsatisfiedThoughPresent(description, configuration);
                    if (missing != null) {
                        return "DS component " + description.name + " unsatisfied although " + missing
                                + " is available";
                    }
                }
            }
        }
        return null;
    }

    private String unsatisfiedThoughPresent(ComponentDescriptionDTO description, ComponentConfigurationDTO config) {
        for (UnsatisfiedReferenceDTO unsatisfied : config.unsatisfiedReferences) {
            for (ReferenceDTO reference : description.references) {
                if (reference.name.equals(unsatisfied.name)) {
                    try {
                        if (context.getServiceReferences(reference.interfaceName, unsatisfied.target) != null) {
                            return reference.interfaceName;
                        }
                    } catch (InvalidSyntaxException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    private static boolean persistentlyStarted(Bundle bundle) {
        BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
        return level != null && level.isPersistentlyStarted();
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "UNINSTALLED";
        }
    }
}
