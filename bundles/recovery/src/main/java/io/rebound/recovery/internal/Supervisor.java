package io.rebound.recovery.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Knows the supervised components and reboots them. Every reboot runs on the supervisor's own single thread, one
 * at a time, never on the caller's thread: a reboot requested from inside a callback of the bundle being rebooted
 * would otherwise deadlock.
 */
@Component(name = "io.rebound.recovery.supervisor", service = Supervisor.class, immediate = true)
public final class Supervisor {

    private static final System.Logger LOG = System.getLogger("io.rebound.recovery");
    private static final Duration REBOOT_TIMEOUT = Duration.ofSeconds(60);

    private final ServiceComponentRuntime scr;
    private final SupervisedBundles supervised;
    private final BundleRebooter rebooter;
    private final ExecutorService thread;
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    private final Map<String, Failure> lastFailures = new ConcurrentHashMap<>();
    private final Set<String> rebooting = ConcurrentHashMap.newKeySet();

    private record Failure(String cause, Instant at) {
    }

    @Activate
    public Supervisor(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.scr = scr;
        this.supervised = new SupervisedBundles(context);
        this.rebooter = new BundleRebooter(context.getBundle(0).adapt(FrameworkWiring.class), Duration.ofSeconds(30));
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rebound-recovery-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(REBOOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            thread.shutdownNow();
        }
    }

    /** @return every supervised component as it is now */
    List<ComponentView> components() {
        List<ComponentView> views = new ArrayList<>();
        supervised.byName().forEach((name, bundle) -> views.add(view(name, bundle)));
        return views;
    }

    /** @return whether a component of that name is supervised */
    boolean knows(String name) {
        return supervised.byName().containsKey(name);
    }

    /**
     * Microreboots one component now and waits for it.
     *
     * @return how long the reboot took
     * @throws IllegalArgumentException for an unknown name
     * @throws RebootFailedException when the reboot fails or times out (recorded as the last failure)
     */
    Duration restart(String name, String reason) throws InterruptedException {
        Bundle bundle = supervised.byName().get(name);
        if (bundle == null) {
            throw new IllegalArgumentException("no component named '" + name + "'");
        }
        Future<Duration> result = thread.submit(() -> reboot(name, bundle, reason));
        try {
            return result.get(REBOOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RebootFailedException(name, e.getCause());
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new RebootFailedException(name, e);
        }
    }

    private Duration reboot(String name, Bundle bundle, String reason) throws Exception {
        long start = System.nanoTime();
        rebooting.add(name);
        try {
            rebooter.reboot(bundle);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            int count = restarts.merge(name, 1, Integer::sum);
            LOG.log(Level.INFO, "rebooted " + name + " (" + bundle.getSymbolicName() + ", bundle " + bundle.getBundleId()
                    + ") in " + took.toMillis() + " ms; reason: " + reason + "; restarts: " + count);
            return took;
        } catch (Exception e) {
            lastFailures.put(name, new Failure("reboot failed: " + e.getMessage(), Instant.now()));
            LOG.log(Level.ERROR, "reboot of " + name + " failed after "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms; reason: " + reason, e);
            throw e;
        } finally {
            rebooting.remove(name);
        }
    }

    private ComponentView view(String name, Bundle bundle) {
        Failure failure = lastFailures.get(name);
        return new ComponentView(name, bundle.getSymbolicName(), bundle.getBundleId(), stateOf(name, bundle),
                restarts.getOrDefault(name, 0), failure == null ? null : failure.cause(),
                failure == null ? null : failure.at(), SupervisedBundles.dependenciesOf(bundle));
    }

    private ComponentState stateOf(String name, Bundle bundle) {
        if (rebooting.contains(name)) {
            return ComponentState.RECOVERING;
        }
        if (bundle.getState() != Bundle.ACTIVE) {
            return ComponentState.FAILED;
        }
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
            if (!scr.isComponentEnabled(description)) {
                return ComponentState.DEGRADED;
            }
            Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
            if (configurations.isEmpty()) {
                return ComponentState.DEGRADED;
            }
            for (ComponentConfigurationDTO configuration : configurations) {
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                        || configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return ComponentState.DEGRADED;
                }
            }
        }
        return ComponentState.ACTIVE;
    }
}
