package io.rebound.recovery.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The microreboot itself: stop one bundle, refresh it so it gets a new class loader (corrupted static state is
 * dropped with the old one), start it. Implementation bundles export nothing, so the refresh touches that bundle
 * alone; its dependents keep running and rebind to the new services through their dynamic references.
 */
final class BundleRebooter {

    private final FrameworkWiring wiring;
    private final Duration refreshTimeout;

    BundleRebooter(FrameworkWiring wiring, Duration refreshTimeout) {
        this.wiring = wiring;
        this.refreshTimeout = refreshTimeout;
    }

    /**
     * Reboots {@code bundle}. Stops are transient, so a bundle's persistent "meant to run" setting — what tells an
     * operator's stop from a failure — is never touched.
     *
     * @param stopTimeout how long the bundle may take to stop; past it the reboot fails (and escalates)
     * @param drain waits (bounded) for the calls still running in the stopped bundle
     * @return when the new instance started ({@link System#nanoTime()}): failures seen before belong to the old one
     * @throws BundleException when the bundle fails to stop or start
     * @throws IllegalStateException when stopping or refreshing does not finish in time
     */
    long reboot(Bundle bundle, Duration stopTimeout, Runnable drain) throws BundleException, InterruptedException {
        stop(bundle, stopTimeout);
        // Stopped: its services are gone, so callers hold new calls; the calls already under way finish on the old
        // instance before its class loader is replaced.
        drain.run();
        refresh(bundle);
        long started = System.nanoTime();
        bundle.start(Bundle.START_TRANSIENT);
        return started;
    }

    // Bundle.stop blocks until the bundle's components deactivated; a component that does not return is cut off
    // here (the stopping thread is abandoned) rather than stalling supervision.
    private static void stop(Bundle bundle, Duration timeout) throws BundleException, InterruptedException {
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread stopper = new Thread(() -> {
            try {
                bundle.stop(Bundle.STOP_TRANSIENT);
            } catch (Exception e) {
                failure.set(e);
            }
        }, "rebound-recovery-stopper");
        stopper.setDaemon(true);
        stopper.start();
        stopper.join(timeout.toMillis());
        if (stopper.isAlive()) {
            stopper.interrupt();
            throw new IllegalStateException(bundle.getSymbolicName() + " did not stop within " + timeout.toMillis()
                    + " ms");
        }
        if (failure.get() instanceof BundleException) {
            throw (BundleException) failure.get();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("stopping " + bundle.getSymbolicName() + " failed: " + failure.get(),
                    failure.get());
        }
    }

    // refreshBundles is asynchronous: wait for its PACKAGES_REFRESHED (or ERROR) event.
    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        wiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.ERROR) {
                error.set(event.getThrowable());
            }
            done.countDown();
        });
        if (!done.await(refreshTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("refresh of " + bundle.getSymbolicName() + " did not finish within "
                    + refreshTimeout.toMillis() + " ms");
        }
        if (error.get() != null) {
            throw new IllegalStateException("refresh of " + bundle.getSymbolicName() + " failed: " + error.get(),
                    error.get());
        }
    }
}
