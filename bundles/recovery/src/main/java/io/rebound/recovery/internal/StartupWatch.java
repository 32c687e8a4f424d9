package io.rebound.recovery.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Notices the end of startup: the first moment every supervised component is ACTIVE at once. Until then the server
 * is "starting" and not ready; after it, a component that is briefly rebooted does not count as starting again.
 * It watches on its own short-lived thread (polling, until it has seen it or is closed) so that the moment is
 * noticed even when nobody asks {@code /health} during startup.
 */
final class StartupWatch implements AutoCloseable {

    private static final long POLL_MILLIS = 50;

    private final Supplier<List<ComponentView>> components;
    private final Thread thread;
    private volatile boolean started;

    StartupWatch(Supplier<List<ComponentView>> components) {
        this.components = components;
        this.thread = new Thread(this::watch, "rebound-recovery-startup");
        thread.setDaemon(true);
    }

    StartupWatch start() {
        thread.start();
        return this;
    }

    /** @return whether every component has been ACTIVE at once, checking now as well */
    boolean started() {
        if (!started && allActive(components.get())) {
            started = true;
        }
        return started;
    }

    private void watch() {
        try {
            while (!started()) {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed
        } catch (RuntimeException e) {
            // The supervisor went away under us: the endpoint is being deactivated too.
        }
    }

    static boolean allActive(List<ComponentView> views) {
        return !views.isEmpty() && views.stream().allMatch(v -> v.state() == ComponentState.ACTIVE);
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }
}
