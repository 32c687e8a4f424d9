package io.rebound.recovery.internal;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.rebound.http.api.HttpHandler;
import io.rebound.recovery.api.Call;
import io.rebound.recovery.api.FaultKind;
import io.rebound.recovery.api.FaultTarget;
import io.rebound.recovery.api.Supervision;
import io.rebound.state.api.StateStore;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The supervisor: detects failed components and microreboots them, OTP style. Detectors (uncaught exceptions,
 * bundle and DS state, call deadlines, error rates, health checks, thread counts) report {@link Failure}s from any
 * thread; every decision and every reboot runs on the supervisor's own single thread, one at a time — never on the
 * thread that saw the failure, which may belong to the very bundle being rebooted.
 *
 * <p>Policy per component (see {@link RecoveryConfig}): restart type, restart intensity (at most N restarts in a
 * sliding window), exponential backoff between consecutive restarts. Past the intensity the supervisor escalates:
 * first the component with every component that depends on it (rest-for-one), then every Rebound component, then
 * the whole process exits with code 75 for an outer supervisor to restart it. A foreign (deployed) or temporary
 * component is never escalated beyond itself: it goes FAILED, its routes answer 503, and the rest keeps serving.
 */
@Component(name = "io.rebound.recovery.supervisor", service = { Supervisor.class, Supervision.class },
        immediate = true, configurationPid = "io.rebound.recovery")
@Designate(ocd = RecoveryConfig.class)
public final class Supervisor implements Supervision {

    private static final System.Logger LOG = System.getLogger("io.rebound.recovery");
    private static final Duration OPERATOR_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * A planned reboot waits while a call into the component has made no progress for this long: stopping the
     * component would hold every new request until that call ends, which may take a hang deadline.
     */
    static final Duration REJUVENATION_QUIET = Duration.ofMillis(100);
    /** System property the launcher reads after the framework stopped: the exit code escalation asked for. */
    static final String EXIT_CODE_PROPERTY = "rebound.exit.code";

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    final List<ComponentPolicy> policies = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = HealthCheck.class)
    final List<ServiceReference<HealthCheck>> healthChecks = new CopyOnWriteArrayList<>();

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final RecoveryConfig config;
    private final RestartPolicy defaults;
    private final SupervisedBundles supervised;
    private final BundleRebooter rebooter;
    private final ScheduledExecutorService thread;
    // Hangs and error rates are looked for on a thread of their own: the supervisor thread may spend seconds in a
    // reboot whose drain waits for a call stuck in another component's hang, which only this scan ends.
    private final ScheduledExecutorService watchdog;
    private final ExecutorService healthRunner;
    private final CallWatchdog calls;
    private final SupervisedThreads threads = new SupervisedThreads();
    private final CrashDetector crashes;
    private final StateScanner states;
    private final HealthWatcher health;
    private final ThreadCensus census = new ThreadCensus();
    private final Tombstones tombstones;
    private final RecoveryHistory history = new RecoveryHistory();
    // Which component a callee's class belongs to: asked on every watched call, so computed once per class. A class
    // belongs to one bundle revision for life (a refresh brings new classes), so the answer never goes stale; the
    // cached values are plain strings ("" for none), which pin no class loader.
    private final ClassValue<String> componentOfClass = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            Bundle bundle = FrameworkUtil.getBundle(type);
            String name = bundle == null ? null : supervised.nameOf(bundle);
            return name == null ? "" : name;
        }
    };

    // Touched by the supervisor thread only, except where noted.
    private final Map<String, RestartIntensity> intensity = new LinkedHashMap<>();
    private final Map<String, RestartIntensity> escalations = new LinkedHashMap<>();
    private final Map<String, Long> recoveredAt = new LinkedHashMap<>();
    private final Set<String> pending = new LinkedHashSet<>();
    // The history and restart windows in the state store, while it is there; supervisor thread only.
    private DurableRecoveries durable;
    private final Map<String, Integer> threadBaseline = new LinkedHashMap<>();
    // Components whose planned reboot waits for a stalled call, and since when.
    private final Map<String, Long> rejuvenationsWaiting = new LinkedHashMap<>();
    private final LatencyDrift latency;
    private final long startedNanos = System.nanoTime();
    // Read by other threads (admin, /health, Gogo).
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    private final Map<String, Failure> lastFailures = new ConcurrentHashMap<>();
    private final Set<String> rebooting = ConcurrentHashMap.newKeySet();
    private final Set<String> givenUp = ConcurrentHashMap.newKeySet();
    // Components that refused their configuration: left down, not restarted, until DS activates them with a corrected
    // one. Not "given up on": that stops the bundle, and a stopped bundle could not take the corrected configuration.
    private final Set<String> misconfigured = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private long lastSlowScan;

    @Activate
    public Supervisor(BundleContext context, @Reference ServiceComponentRuntime scr, RecoveryConfig config) {
        this.context = context;
        this.scr = scr;
        this.config = config;
        this.defaults = RestartPolicy.defaults(config);
        if (config.error_rate() <= 0 || config.error_rate() > 1) {
            throw new IllegalArgumentException("io.rebound.recovery: error_rate must be in (0, 1], not "
                    + config.error_rate());
        }
        if (config.error_window_seconds() < 1 || config.error_min_calls() < 1 || config.check_interval_millis() < 10) {
            throw new IllegalArgumentException("io.rebound.recovery: error_window_seconds and error_min_calls must be "
                    + "at least 1 and check_interval_millis at least 10");
        }
        String data = context.getProperty("rebound.data");
        this.supervised = new SupervisedBundles(context, data == null ? null : Path.of(data, "deploy"));
        this.rebooter = new BundleRebooter(context.getBundle(0).adapt(FrameworkWiring.class), Duration.ofSeconds(30));
        this.thread = Executors.newSingleThreadScheduledExecutor(named("rebound-recovery-supervisor"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(named("rebound-recovery-watchdog"));
        this.healthRunner = Executors.newCachedThreadPool(named("rebound-recovery-healthcheck"));
        this.latency = new LatencyDrift(config.rejuvenate_latency_drift(),
                Math.max(1, config.rejuvenate_latency_window_seconds()), TimeUnit.MILLISECONDS.toNanos(1));
        this.calls = new CallWatchdog(this::componentOfObject, this::report, config.error_window_seconds(),
                latency);
        this.states = new StateScanner(context, scr, this::report);
        this.health = new HealthWatcher(healthRunner, r -> r.getBundle() == null ? null
                : supervised.nameOf(r.getBundle()), this::report);
        this.tombstones = new Tombstones(context);
        this.crashes = new CrashDetector(threads::ownerOf, this::componentOfFrames, this::report);
        thread.scheduleWithFixedDelay(this::scan, config.check_interval_millis(), config.check_interval_millis(),
                TimeUnit.MILLISECONDS);
        watchdog.scheduleWithFixedDelay(this::watchCalls, config.check_interval_millis(),
                config.check_interval_millis(), TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "supervising " + supervised.byName().keySet());
    }

    // Optional and dynamic: supervision must not depend on the store (a damaged store file must not take the admin
    // API down). What the store remembers is loaded on the supervisor thread when it comes.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStateStore(StateStore store) {
        onSupervisorThread(() -> restoreFrom(new DurableRecoveries(store)));
    }

    void unbindStateStore(StateStore store) {
        onSupervisorThread(() -> durable = null);
    }

    private void onSupervisorThread(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // Stopping.
        }
    }

    /** Takes back the recoveries and the restart windows of earlier instances (a reboot does not reset budgets). */
    private void restoreFrom(DurableRecoveries loaded) {
        durable = loaded;
        history.restoreOlder(loaded.history());
        Duration longest = Duration.ofDays(1);
        loaded.restarts(longest).forEach((name, stamps) -> stamps.forEach(
                nanos -> intensity.computeIfAbsent(name, n -> new RestartIntensity()).record(nanos)));
        loaded.escalations(longest).forEach((name, stamps) -> stamps.forEach(
                nanos -> escalations.computeIfAbsent(name, n -> new RestartIntensity()).record(nanos)));
    }

    /** Adds {@code record} to the history, and to the store when it is there; supervisor thread only. */
    private void remember(RecoveryRecord record) {
        history.add(record);
        if (durable != null) {
            durable.recovered(record);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stopping = true;
        crashes.close();
        states.close();
        watchdog.shutdownNow();
        thread.shutdown();
        healthRunner.shutdownNow();
        if (!thread.awaitTermination(OPERATOR_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            thread.shutdownNow();
        }
        // A scan takes microseconds; this only waits for one under way.
        watchdog.awaitTermination(OPERATOR_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        tombstones.removeAll();
    }

    // ---- Supervision (the cooperation API) ----

    @Override
    public Call enter(Object callee) {
        return calls.enter(callee);
    }

    @Override
    public ThreadFactory threadFactory(Object owner, String namePrefix) {
        String component = componentOfObject(owner);
        if (component == null) {
            throw new IllegalArgumentException(owner.getClass().getName() + " is not part of a supervised component");
        }
        return threads.factory(component, namePrefix);
    }

    @Override
    public void failed(Object owner, String cause) {
        String component = componentOfObject(owner);
        if (component != null) {
            report(Failure.now(component, "reported", cause));
        }
    }

    // ---- What operators see and do (admin API, /health, Gogo) ----

    /** @return every supervised component as it is now */
    List<ComponentView> components() {
        List<ComponentView> views = new ArrayList<>();
        supervised.byName().forEach((name, bundle) -> {
            Failure failure = lastFailures.get(name);
            views.add(new ComponentView(name, bundle.getSymbolicName(), bundle.getBundleId(), stateOf(name, bundle),
                    restarts.getOrDefault(name, 0), failure == null ? null : failure.cause(),
                    failure == null ? null : failure.detectedAt(), supervised.dependenciesOf(bundle)));
        });
        return views;
    }

    List<RecoveryRecord> recoveries() {
        return history.list();
    }

    /** @return threads abandoned in hung calls that are still alive */
    int leakedThreads() {
        return calls.leakedThreads();
    }

    boolean knows(String name) {
        return supervised.byName().containsKey(name);
    }

    /**
     * Microreboots one component now, for an operator, and waits for it. A component that was given up on is tried
     * again with a clean restart budget.
     *
     * @throws IllegalArgumentException for an unknown name
     * @throws RebootFailedException when the reboot fails or times out
     */
    Duration restart(String name, String reason) throws InterruptedException {
        if (!knows(name)) {
            throw new IllegalArgumentException("no component named '" + name + "'");
        }
        Future<Duration> result = thread.submit(() -> {
            givenUp.remove(name);
            tombstones.remove(name);
            intensity.remove(name);
            escalations.remove(name);
            if (durable != null) {
                durable.forget(name);
            }
            return reboot(List.of(name), reason);
        });
        try {
            return result.get(OPERATOR_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RebootFailedException(name, e.getCause());
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new RebootFailedException(name, e);
        }
    }

    /**
     * Injects a fault into a component (server started with {@code --faults}).
     *
     * @throws IllegalArgumentException unknown component, or one that accepts no faults of that kind
     */
    void inject(String name, FaultKind kind) {
        for (ServiceReference<FaultTarget> ref : faultTargets()) {
            if (ref.getBundle() != null && name.equals(supervised.nameOf(ref.getBundle()))) {
                FaultTarget target = context.getService(ref);
                if (target == null) {
                    continue;
                }
                try {
                    if (!target.kinds().contains(kind)) {
                        throw new IllegalArgumentException(name + " accepts no '" + kind.label() + "' fault");
                    }
                    LOG.log(Level.WARNING, "injecting fault '" + kind.label() + "' into " + name);
                    target.inject(kind);
                    return;
                } finally {
                    context.ungetService(ref);
                }
            }
        }
        throw new IllegalArgumentException(knows(name) ? name + " accepts no injected faults"
                : "no component named '" + name + "'");
    }

    ComponentState stateOf(String name, Bundle bundle) {
        if (rebooting.contains(name)) {
            return ComponentState.RECOVERING;
        }
        return givenUp.contains(name) || misconfigured.contains(name) ? ComponentState.FAILED : actualState(bundle);
    }

    /** @return the state of the bundle and its DS components, whatever the supervisor is doing with it */
    private ComponentState actualState(Bundle bundle) {
        if (bundle.getState() != Bundle.ACTIVE) {
            return ComponentState.FAILED;
        }
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
            if (!scr.isComponentEnabled(description)) {
                return ComponentState.DEGRADED;
            }
            Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
            for (ComponentConfigurationDTO configuration : configurations) {
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return ComponentState.DEGRADED;
                }
            }
        }
        return ComponentState.ACTIVE;
    }

    // ---- Detection ----

    /** Called by detectors from any thread: the decision is taken on the supervisor thread. */
    void report(Failure failure) {
        if (stopping) {
            return;
        }
        try {
            thread.execute(() -> handle(failure));
        } catch (RejectedExecutionException e) {
            // Stopping.
        }
    }

    private void scan() {
        try {
            Map<String, Bundle> components = supervised.byName();
            states.beginRound();
            components.forEach((name, bundle) -> {
                if (misconfigured.contains(name) && actualState(bundle) == ComponentState.ACTIVE) {
                    misconfigured.remove(name);
                    tombstones.remove(name);
                    LOG.log(Level.WARNING, name + " is ACTIVE again, with its corrected configuration");
                }
                if (!rebooting.contains(name) && !givenUp.contains(name) && !pending.contains(name)) {
                    states.scan(name, bundle);
                }
            });
            long now = System.nanoTime();
            // Health checks and the thread census cost more: once a second is plenty.
            if (now - lastSlowScan >= TimeUnit.SECONDS.toNanos(1)) {
                lastSlowScan = now;
                List<HealthWatcher.Check> checks = new ArrayList<>();
                for (ServiceReference<HealthCheck> ref : healthChecks) {
                    HealthCheck check = context.getService(ref);
                    if (check != null) {
                        checks.add(new HealthWatcher.Check(ref, check));
                    }
                }
                health.scan(checks, name -> policyFor(name).healthGrace().toNanos());
                checks.forEach(c -> context.ungetService(c.reference()));
                census.count(components).forEach((name, count) -> age(name, count, now));
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and keep supervising.
            LOG.log(Level.ERROR, "supervision scan failed", e);
        }
    }

    // Watchdog thread.
    private void watchCalls() {
        try {
            calls.scan(name -> policyFor(name).hangDeadline().toNanos(), config.error_rate(),
                    config.error_min_calls());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "call watchdog scan failed", e);
        }
    }

    /**
     * Aging: over the hard thread limit a component has failed; well before that, steady growth of its threads
     * (or its scheduled age) earns it a planned, drained microreboot — rejuvenation — before anything fails.
     */
    private void age(String name, ThreadCensus.Count count, long now) {
        int max = policyFor(name).maxThreads();
        if (count.total() > max) {
            report(Failure.now(name, "aging", count.total() + " live threads, over the limit of " + max));
            return;
        }
        if (rebooting.contains(name) || givenUp.contains(name) || pending.contains(name)) {
            return;
        }
        Integer baseline = threadBaseline.putIfAbsent(name, count.steady());
        int growth = config.rejuvenate_thread_growth();
        long every = TimeUnit.SECONDS.toNanos(config.rejuvenate_every_seconds());
        Long since = recoveredAt.getOrDefault(name, startedNanos);
        String drift = latency.evaluate(name);
        String cause = null;
        if (baseline != null && growth > 0 && count.steady() - baseline >= growth) {
            cause = "aging: " + count.steady() + " threads outside worker pools, up from " + baseline
                    + " when it started (limit +" + growth + ")";
        } else if (drift != null) {
            cause = "aging: " + drift;
        } else if (every > 0 && now - since >= every) {
            cause = "scheduled rejuvenation after " + config.rejuvenate_every_seconds() + " s";
        }
        if (cause != null) {
            // Queued, not run now: failures reported before it (perhaps the hang its calls wait on) go first.
            String planned = cause;
            onSupervisorThread(() -> rejuvenateWhenQuiet(name, planned, now));
        }
    }

    /**
     * A planned microreboot waits while a call into the component is stalled — most often waiting on a hung
     * callee, whose recovery comes first — and is planned afresh by a later scan. Nothing failed: there is no
     * hurry, and holding every request behind that call would be worse than the aging. It waits at most the
     * longest hang deadline: by then any hang was detected, and a call still stalled is only slow (a client that
     * does not read), which the drain waits for as it would have at once.
     */
    private void rejuvenateWhenQuiet(String name, String cause, long planned) {
        Long rebooted = recoveredAt.get(name);
        if (stopping || rebooting.contains(name) || givenUp.contains(name) || pending.contains(name)
                || rebooted != null && rebooted - planned > 0) {
            return;
        }
        long now = System.nanoTime();
        long stalled = calls.longestStallIn(name, now);
        if (stalled >= REJUVENATION_QUIET.toNanos()) {
            Long since = rejuvenationsWaiting.putIfAbsent(name, now);
            if (since == null) {
                LOG.log(Level.INFO, "rejuvenation of " + name + " waits: a call into it has made no progress for "
                        + stalled / 1_000_000 + " ms (" + cause + ")");
                return;
            }
            if (now - since < longestHangDeadline().toNanos()) {
                return;
            }
            LOG.log(Level.INFO, "rejuvenation of " + name + " waited " + (now - since) / 1_000_000
                    + " ms, past every hang deadline: rebooting it now, draining its stalled calls");
        }
        rejuvenationsWaiting.remove(name);
        rejuvenate(name, cause);
    }

    private Duration longestHangDeadline() {
        Duration longest = defaults.hangDeadline();
        for (String name : supervised.byName().keySet()) {
            Duration deadline = policyFor(name).hangDeadline();
            if (deadline.compareTo(longest) > 0) {
                longest = deadline;
            }
        }
        return longest;
    }

    /** A planned microreboot: drained, and not counted against the restart budget (nothing failed). */
    private void rejuvenate(String name, String cause) {
        Failure reason = Failure.now(name, "aging", cause);
        LOG.log(Level.WARNING, "rejuvenating " + name + ": " + cause);
        recover(reason, List.of(name), "rejuvenation: drained microreboot " + name, "RECOVERED", false);
    }

    // ---- Decisions (supervisor thread only) ----

    private void handle(Failure failure) {
        String name = failure.component();
        Bundle bundle = supervised.byName().get(name);
        if (bundle == null || stopping || givenUp.contains(name) || pending.contains(name)) {
            return;
        }
        Long lastRecovery = recoveredAt.get(name);
        if (lastRecovery != null && failure.detectedNanos() < lastRecovery) {
            return; // Seen before the last reboot: the reboot already cured it.
        }
        boolean refusedConfiguration = failure.kind().equals("configuration");
        if (misconfigured.contains(name) && !refusedConfiguration) {
            return; // Down for its configuration: what else fails (an operator's restart) fails for that reason.
        }
        lastFailures.put(name, failure);
        LOG.log(Level.WARNING, "failure of " + name + " (" + failure.kind() + "): " + failure.cause());
        if (refusedConfiguration) {
            awaitConfiguration(failure);
            return;
        }
        RestartPolicy policy = policyFor(name);
        if (policy.type() == RestartType.TEMPORARY) {
            giveUp(failure, bundle, "temporary component, not restarted");
            return;
        }
        if (policy.type() == RestartType.TRANSIENT && !failure.abnormal()) {
            giveUp(failure, bundle, "transient component stopped normally, not restarted");
            return;
        }
        long now = System.nanoTime();
        RestartIntensity budget = intensity.computeIfAbsent(name, n -> new RestartIntensity());
        int recent = budget.recent(now, policy.window());
        if (recent >= policy.maxRestarts()) {
            escalate(failure, bundle, policy);
            return;
        }
        Duration wait = policy.backoff(recent + 1);
        if (wait.isZero()) {
            recover(failure, List.of(name), "microreboot " + name, "RECOVERED");
        } else {
            pending.add(name);
            thread.schedule(() -> {
                pending.remove(name);
                recover(failure, List.of(name), "microreboot " + name + " after " + wait.toMillis() + " ms backoff",
                        "RECOVERED");
            }, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A component that refused its configuration would refuse it again after any restart, and escalating would end,
     * for Rebound's own components, in restarting the process into the same error. It is left down (its routes
     * answer 503, readiness says no) until the configuration is corrected: DS then activates it with the new one.
     */
    private void awaitConfiguration(Failure failure) {
        String name = failure.component();
        misconfigured.add(name);
        Bundle bundle = supervised.byName().get(name);
        List<String> paths = bundle == null ? List.of() : declaredPaths(bundle);
        tombstones.place(name, paths);
        remember(new RecoveryRecord(name, failure.cause(), failure.detectedAt(), Instant.now(),
                Math.max(0, (failure.detectedNanos() - failure.sinceNanos()) / 1_000_000), 0, "FAILED",
                "not restarted: invalid configuration; it starts once the configuration is corrected"));
        LOG.log(Level.ERROR, name + " refused its configuration and is not restarted, which would only repeat that: "
                + "correct it (Configuration Admin, or the .cfg file in <data>/deploy/) and DS activates " + name
                + " with the new one" + (paths.isEmpty() ? "" : "; meanwhile its routes " + paths + " answer 503"));
    }

    /** @return the paths the bundle's HTTP handler components declare, registered or not (one that never activated) */
    private List<String> declaredPaths(Bundle bundle) {
        List<String> paths = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
            Object path = description.properties.get(HttpHandler.PATH);
            boolean handler = List.of(description.serviceInterfaces).contains(HttpHandler.class.getName());
            if (handler && path instanceof String) {
                paths.add((String) path);
            }
        }
        return paths;
    }

    private void escalate(Failure failure, Bundle bundle, RestartPolicy policy) {
        String name = failure.component();
        if (!SupervisedBundles.own(bundle)) {
            giveUp(failure, bundle, "restart intensity exceeded (" + policy.maxRestarts() + " in "
                    + policy.window().toSeconds() + " s)");
            return;
        }
        long now = System.nanoTime();
        RestartIntensity level = escalations.computeIfAbsent(name, n -> new RestartIntensity());
        int steps = level.recent(now, policy.window());
        level.record(now);
        if (durable != null) {
            durable.escalated(name);
        }
        if (steps == 0) {
            List<String> group = new ArrayList<>();
            group.add(name);
            group.addAll(dependentsOf(name));
            recover(failure, group, "rest-for-one: " + String.join(", ", group), "ESCALATED");
        } else if (steps == 1) {
            List<String> all = new ArrayList<>();
            supervised.byName().forEach((n, b) -> {
                if (SupervisedBundles.own(b)) {
                    all.add(n);
                }
            });
            recover(failure, all, "restart all: " + String.join(", ", all), "ESCALATED");
        } else {
            exitProcess(failure);
        }
    }

    /** @return the components that depend on {@code name}, directly or not, nearest first */
    private List<String> dependentsOf(String name) {
        Map<String, List<String>> dependsOn = new LinkedHashMap<>();
        supervised.byName().forEach((n, b) -> dependsOn.put(n, supervised.dependenciesOf(b)));
        List<String> result = new ArrayList<>();
        List<String> frontier = List.of(name);
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : dependsOn.entrySet()) {
                if (!e.getKey().equals(name) && !result.contains(e.getKey())
                        && e.getValue().stream().anyMatch(frontier::contains)) {
                    result.add(e.getKey());
                    next.add(e.getKey());
                }
            }
            frontier = next;
        }
        return result;
    }

    private void recover(Failure failure, List<String> group, String action, String result) {
        recover(failure, group, action, result, true);
    }

    private void recover(Failure failure, List<String> group, String action, String result, boolean spendsBudget) {
        if (stopping) {
            return;
        }
        long start = System.nanoTime();
        long detectionMillis = Math.max(0, (failure.detectedNanos() - failure.sinceNanos()) / 1_000_000);
        try {
            reboot(group, "failure of " + failure.component() + ": " + failure.cause());
            long now = System.nanoTime();
            // Only the component that failed spends its budget: the others in a rest-for-one or restart-all group
            // were rebooted for its sake (as in OTP, where escalation restarts do not count against the children).
            if (spendsBudget) {
                intensity.computeIfAbsent(failure.component(), n -> new RestartIntensity()).record(now);
                if (durable != null) {
                    durable.restarted(failure.component());
                }
            }
            long took = (System.nanoTime() - failure.detectedNanos()) / 1_000_000;
            remember(new RecoveryRecord(failure.component(), failure.cause(), failure.detectedAt(), Instant.now(),
                    detectionMillis, took, result, action));
            LOG.log(Level.WARNING, "recovery of " + failure.component() + ": " + result + " by " + action
                    + "; cause: " + failure.cause() + "; detected in " + detectionMillis + " ms, serving again after "
                    + took + " ms (reboot " + (System.nanoTime() - start) / 1_000_000 + " ms)");
        } catch (Exception e) {
            long took = (System.nanoTime() - failure.detectedNanos()) / 1_000_000;
            remember(new RecoveryRecord(failure.component(), failure.cause(), failure.detectedAt(), Instant.now(),
                    detectionMillis, took, "FAILED", action));
            LOG.log(Level.ERROR, "recovery of " + failure.component() + " by " + action + " failed: "
                    + CallWatchdog.oneLine(e));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            // A reboot that fails is itself a failure: it spends budget and escalates like any other.
            report(Failure.now(failure.component(), "reboot", "reboot failed: " + CallWatchdog.oneLine(e)));
        }
    }

    /** Reboots the components in order and waits until each serves; supervisor thread only. */
    private Duration reboot(List<String> group, String reason) throws Exception {
        long start = System.nanoTime();
        Map<String, Bundle> bundles = supervised.byName();
        rebooting.addAll(group);
        try {
            for (String name : group) {
                Bundle bundle = bundles.get(name);
                if (bundle == null) {
                    continue;
                }
                Duration stopTimeout = policyFor(name).stopTimeout();
                long started = rebooter.reboot(bundle, stopTimeout, () -> drain(name, stopTimeout));
                // From here on a failure is the new instance's (even one while it starts up), not the old one's.
                recoveredAt.put(name, started);
                awaitActive(name, bundle);
                threadBaseline.remove(name);
                rejuvenationsWaiting.remove(name);
                latency.reset(name);
                restarts.merge(name, 1, Integer::sum);
                calls.reset(name);
                states.forget(name);
            }
        } finally {
            rebooting.removeAll(group);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.log(Level.INFO, "rebooted " + String.join(", ", group) + " in " + took.toMillis() + " ms; reason: "
                + reason);
        return took;
    }

    private void drain(String name, Duration timeout) {
        try {
            if (!calls.awaitIdle(name, System.nanoTime() + timeout.toNanos())) {
                LOG.log(Level.WARNING, "calls into " + name + " still running after " + timeout.toMillis()
                        + " ms; rebooting it anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Polls: SCR activates a bundle's components asynchronously after the bundle starts.
    private void awaitActive(String name, Bundle bundle) throws InterruptedException {
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        while (actualState(bundle) != ComponentState.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ACTIVE within " + ACTIVE_TIMEOUT.toMillis()
                        + " ms after its reboot (" + actualState(bundle) + ")");
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    private void giveUp(Failure failure, Bundle bundle, String why) {
        String name = failure.component();
        List<String> paths = tombstones.pathsOf(bundle);
        givenUp.add(name);
        try {
            bundle.stop(Bundle.STOP_TRANSIENT);
        } catch (Exception e) {
            LOG.log(Level.ERROR, "stopping failed component " + name + " failed: " + CallWatchdog.oneLine(e));
        }
        tombstones.place(name, paths);
        remember(new RecoveryRecord(name, failure.cause(), failure.detectedAt(), Instant.now(),
                Math.max(0, (failure.detectedNanos() - failure.sinceNanos()) / 1_000_000),
                (System.nanoTime() - failure.detectedNanos()) / 1_000_000, "FAILED",
                "stopped " + name + (paths.isEmpty() ? "" : "; " + paths + " answer 503")));
        LOG.log(Level.ERROR, "gave up on " + name + ": " + why + "; it stays FAILED until an operator restarts it"
                + (paths.isEmpty() ? "" : "; its routes " + paths + " answer 503"));
    }

    private void exitProcess(Failure failure) {
        remember(new RecoveryRecord(failure.component(), failure.cause(), failure.detectedAt(), Instant.now(),
                Math.max(0, (failure.detectedNanos() - failure.sinceNanos()) / 1_000_000),
                (System.nanoTime() - failure.detectedNanos()) / 1_000_000, "FAILED", "exit 75"));
        LOG.log(Level.ERROR, "recovery gives up on the process: " + failure.component() + " keeps failing after "
                + "rest-for-one and restart-all; stopping with exit code 75 for the outer supervisor to restart");
        stopping = true;
        System.setProperty(EXIT_CODE_PROPERTY, "75");
        Thread stopper = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (Exception e) {
                LOG.log(Level.ERROR, "could not stop the framework", e);
            }
        }, "rebound-recovery-exit");
        stopper.start();
    }

    // ---- Helpers ----

    RestartPolicy policyFor(String name) {
        for (ComponentPolicy p : policies) {
            if (p.component().equals(name)) {
                return p.over(defaults);
            }
        }
        return defaults;
    }

    private String componentOfObject(Object object) {
        String name = componentOfClass.get(object.getClass());
        return name.isEmpty() ? null : name;
    }

    /** The innermost frame whose class one of the supervised bundles contains names the culprit. */
    private String componentOfFrames(StackTraceElement[] frames) {
        Map<String, Bundle> components = supervised.byName();
        for (StackTraceElement frame : frames) {
            String entry = frame.getClassName().replace('.', '/') + ".class";
            int inner = entry.indexOf('$');
            if (inner > 0) {
                entry = entry.substring(0, inner) + ".class";
            }
            for (Map.Entry<String, Bundle> e : components.entrySet()) {
                if (e.getValue().getEntry(entry) != null) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private List<ServiceReference<FaultTarget>> faultTargets() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(FaultTarget.class.getName(), null);
            List<ServiceReference<FaultTarget>> list = new ArrayList<>();
            if (refs != null) {
                for (ServiceReference<?> ref : refs) {
                    list.add((ServiceReference<FaultTarget>) ref);
                }
            }
            return list;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ThreadFactory named(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        };
    }
}
