package io.rebound.state.internal;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.rebound.recovery.api.Call;
import io.rebound.recovery.api.Supervision;
import io.rebound.state.api.Checkpoint;
import io.rebound.state.api.Checkpointable;
import io.rebound.state.api.Checkpoints;
import io.rebound.state.api.StateStore;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link Checkpoints} service, and the keeper of every {@link Checkpointable} service: restore when one
 * appears, checkpoint it periodically on {@value #THREAD_NAME}, and once more when it goes away (a planned stop
 * unregisters the service while the component is still active).
 */
@Component(service = Checkpoints.class, immediate = true)
public final class CheckpointKeeper implements Checkpoints {

    static final String THREAD_NAME = "rebound-state-checkpoints";
    private static final System.Logger LOG = System.getLogger("io.rebound.state");

    /** One tracked service; its monitor orders its checkpoints, so an older state never overwrites a newer. */
    private static final class Tracked {
        final String name;
        final Checkpointable component;
        ScheduledFuture<?> periodic;
        boolean gone;

        Tracked(String name, Checkpointable component) {
            this.name = name;
            this.component = component;
        }
    }

    private final Checkpoints stored;
    private final ScheduledExecutorService timer;
    private final Map<Object, Tracked> tracked = new ConcurrentHashMap<>();

    // Optional: periodic checkpoints are calls into the component, watched for hangs when a supervisor is there.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Supervision supervision;

    @Activate
    public CheckpointKeeper(@Reference StateStore store) {
        this(new StoredCheckpoints(store.map(StoredCheckpoints.MAP)));
    }

    CheckpointKeeper(Checkpoints stored) {
        this.stored = stored;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        // A cancelled task holds its component (and so the class loader of a rebooted bundle) until it is removed.
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "checkpoint thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void save(String name, byte[] state) {
        stored.save(name, state);
    }

    @Override
    public Optional<Checkpoint> latest(String name) {
        return stored.latest(name);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindCheckpointable(Checkpointable component, ServiceReference<Checkpointable> reference) {
        String name = nameOf(reference);
        track(reference, name, intervalOf(reference.getProperty(Checkpointable.INTERVAL_SECONDS), name), component);
    }

    void unbindCheckpointable(Checkpointable component, ServiceReference<Checkpointable> reference) {
        untrack(reference);
    }

    /** Restores {@code component} from its latest checkpoint and schedules its periodic checkpoints. */
    void track(Object key, String name, int intervalSeconds, Checkpointable component) {
        Tracked t = new Tracked(name, component);
        synchronized (t) {
            try {
                Optional<Checkpoint> latest = stored.latest(name);
                if (latest.isPresent()) {
                    component.restore(latest.get().state());
                    LOG.log(Level.INFO, "restored " + name + " from its checkpoint of " + latest.get().savedAt());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "restoring " + name + " from its checkpoint failed: " + e, e);
            }
            t.periodic = timer.scheduleWithFixedDelay(() -> checkpoint(t, true), intervalSeconds, intervalSeconds,
                    TimeUnit.SECONDS);
        }
        tracked.put(key, t);
    }

    /** Checkpoints the component one last time (it is still active) and stops tracking it. */
    void untrack(Object key) {
        Tracked t = tracked.remove(key);
        if (t == null) {
            return;
        }
        t.periodic.cancel(false);
        checkpoint(t, false);
    }

    private void checkpoint(Tracked t, boolean periodic) {
        synchronized (t) {
            if (t.gone) {
                return;
            }
            Supervision s = periodic ? supervision : null;
            Call call = s == null ? Call.NONE : s.enter(t.component);
            try {
                byte[] state = t.component.checkpoint();
                if (state != null) {
                    stored.save(t.name, state);
                }
            } catch (RuntimeException | Error e) {
                // A component that fails here has suspect state: its previous checkpoint stays the latest.
                call.failed(e);
                LOG.log(Level.WARNING, "checkpoint of " + t.name + " failed, keeping the previous one: " + e);
                if (e instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
            } finally {
                call.close();
                // The last one: a periodic checkpoint still waiting for the monitor must not run after it.
                t.gone |= !periodic;
            }
        }
    }

    static String nameOf(ServiceReference<?> reference) {
        Object name = reference.getProperty(Checkpointable.NAME);
        if (name == null) {
            name = reference.getProperty("component.name");
        }
        if (name == null && reference.getBundle() != null) {
            name = reference.getBundle().getSymbolicName();
        }
        return String.valueOf(name);
    }

    static int intervalOf(Object value, String name) {
        if (value == null) {
            return Checkpointable.DEFAULT_INTERVAL_SECONDS;
        }
        try {
            int seconds = Integer.parseInt(String.valueOf(value).trim());
            if (seconds > 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        LOG.log(Level.WARNING, name + ": " + Checkpointable.INTERVAL_SECONDS + " must be a positive integer, not '"
                + value + "'; using " + Checkpointable.DEFAULT_INTERVAL_SECONDS);
        return Checkpointable.DEFAULT_INTERVAL_SECONDS;
    }
}
