package io.rebound.itests.faulty.quitting;

import java.io.File;
import java.util.concurrent.Callable;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * A component that gives up and stops its own bundle, transiently, when the file {@code quit} appears in the bundle's
 * data area (it consumes the file): the bundle leaves ACTIVE though nobody asked, and stays persistently started. As a
 * {@code Callable} it answers whether its worker lives.
 */
public class QuittingComponent implements Callable<String> {

    private volatile boolean running;
    private volatile Thread worker;
    private BundleContext context;
    private File trigger;

    public void activate(BundleContext context) {
        this.context = context;
        trigger = context.getDataFile("quit");
        running = true;
        Thread thread = new Thread(this::work, "quitting-worker");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    public void deactivate() throws InterruptedException {
        running = false;
        Thread thread = worker;
        thread.interrupt();
        if (thread != Thread.currentThread()) {
            thread.join(2_000);
        }
    }

    private void work() {
        while (running) {
            if (trigger.delete()) {
                // Stopping the bundle deactivates this component, which waits for this worker: stop from elsewhere.
                Thread stopper = new Thread(this::quit, "quitting-stopper");
                stopper.setDaemon(true);
                stopper.start();
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void quit() {
        try {
            context.getBundle().stop(Bundle.STOP_TRANSIENT);
        } catch (Exception e) {
            throw new IllegalStateException("quitting component could not stop its bundle", e);
        }
    }

    @Override
    public String call() {
        Thread thread = worker;
        return thread != null && thread.isAlive() ? "alive" : "dead";
    }
}
