package io.rebound.runtime;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Watches the watcher: the recovery bundle supervises every component but cannot supervise itself, so the launcher
 * (which never reboots) restarts it when it fails — its bundle left ACTIVE though it is meant to run, or its
 * supervisor service vanished while the bundle is ACTIVE. An operator's persistent stop is respected.
 */
final class RecoveryWatchdog {

    static final String RECOVERY = "io.rebound.recovery";
    static final String SUPERVISOR = "io.rebound.recovery.internal.Supervisor";
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static final System.Logger LOG = System.getLogger("io.rebound.runtime");

    private final BundleContext context;
    private long unhealthySince;

    RecoveryWatchdog(BundleContext context) {
        this.context = context;
    }

    /** Called periodically from the launcher's main thread. */
    void check() {
        Bundle recovery = find();
        if (recovery == null) {
            return;
        }
        long now = System.nanoTime();
        if (healthy(recovery)) {
            unhealthySince = 0;
            return;
        }
        if (unhealthySince == 0) {
            unhealthySince = now;
            return;
        }
        if (now - unhealthySince < GRACE_NANOS) {
            return;
        }
        unhealthySince = 0;
        LOG.log(System.Logger.Level.WARNING, "the recovery bundle failed (state " + recovery.getState()
                + "); restarting it");
        long start = System.nanoTime();
        try {
            recovery.stop(Bundle.STOP_TRANSIENT);
            CountDownLatch refreshed = new CountDownLatch(1);
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(recovery),
                    event -> refreshed.countDown());
            if (!refreshed.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("refresh did not finish within 30 s");
            }
            recovery.start(Bundle.START_TRANSIENT);
            LOG.log(System.Logger.Level.WARNING, "restarted the recovery bundle in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(System.Logger.Level.ERROR, "restarting the recovery bundle failed: " + e);
        }
    }

    private boolean healthy(Bundle recovery) {
        BundleStartLevel level = recovery.adapt(BundleStartLevel.class);
        if (level == null || !level.isPersistentlyStarted()) {
            return true; // An operator stopped it on purpose.
        }
        int state = recovery.getState();
        if (state == Bundle.STARTING || state == Bundle.STOPPING) {
            return true;
        }
        return state == Bundle.ACTIVE && context.getServiceReference(SUPERVISOR) != null;
    }

    private Bundle find() {
        for (Bundle bundle : context.getBundles()) {
            if (RECOVERY.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }
}
