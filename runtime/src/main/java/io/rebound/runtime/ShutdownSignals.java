package io.rebound.runtime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a graceful framework stop (bundles deactivate: in-flight requests finish, logs are
 * flushed) instead of the JVM's default of running shutdown hooks at once. A shutdown hook stays as a safety net
 * for any other way the JVM may exit (a bundle calling {@code System.exit}, for instance).
 */
final class ShutdownSignals {

    private static final System.Logger LOG = System.getLogger("io.rebound.runtime");
    private static final String[] SIGNALS = { "TERM", "INT" };

    private final Framework framework;
    private final Duration stopTimeout;
    private final Object lock = new Object();
    private long requestedAtNanos;
    private boolean requested;

    private ShutdownSignals(Framework framework, Duration stopTimeout) {
        this.framework = framework;
        this.stopTimeout = stopTimeout;
    }

    /** Installs the signal handlers and the shutdown hook for {@code framework}. */
    static ShutdownSignals install(Framework framework, Duration stopTimeout) {
        ShutdownSignals signals = new ShutdownSignals(framework, stopTimeout);
        for (String name : SIGNALS) {
            try {
                Signal.handle(new Signal(name), signal -> signals.request("SIG" + signal.getName()));
            } catch (IllegalArgumentException e) {
                // The signal is unknown on this OS, or ignored (a background job's SIGINT; -Xrs): keep the default.
                LOG.log(System.Logger.Level.DEBUG, "not handling SIG" + name + ": " + e.getMessage());
            }
        }
        Thread hook = new Thread(signals::stopOnExit, "rebound-runtime-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return signals;
    }

    /** Asks the framework to stop; returns at once (the framework stops on its own thread). */
    void request(String reason) {
        synchronized (lock) {
            if (requested) {
                return;
            }
            requested = true;
            requestedAtNanos = System.nanoTime();
        }
        LOG.log(System.Logger.Level.INFO, reason + ": stopping");
        try {
            framework.stop();
        } catch (BundleException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot stop the framework: " + e.getMessage(), e);
        }
    }

    boolean requested() {
        synchronized (lock) {
            return requested;
        }
    }

    /** @return whether a stop was requested longer than the stop timeout ago */
    boolean stopOverdue() {
        synchronized (lock) {
            return requested && System.nanoTime() - requestedAtNanos > stopTimeout.toNanos();
        }
    }

    private void stopOnExit() {
        if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) == 0) {
            return;
        }
        try {
            framework.stop();
            framework.waitForStop(stopTimeout.toMillis());
        } catch (BundleException | RuntimeException e) {
            // Logging may already be shut down this late; stderr is what is left.
            System.err.println("rebound: stopping the framework at exit failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until the framework stopped, or {@code timeout} passed. */
    static boolean awaitStopped(Framework framework, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            framework.waitForStop(left);
        }
        return true;
    }
}
