package io.rebound.itests.faulty.crashing;

import java.io.File;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;

/**
 * A worker thread that dies of an uncaught exception when the file {@code crash} appears in the bundle's data area
 * (it consumes the file, so one trigger is one crash). As a {@code Callable} it answers whether its worker lives.
 */
public class CrashingComponent implements Callable<String> {

    private volatile boolean running;
    private volatile Thread worker;
    private File trigger;

    public void activate(BundleContext context) {
        trigger = context.getDataFile("crash");
        running = true;
        Thread thread = new Thread(this::work, "crashing-worker");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    public void deactivate() throws InterruptedException {
        running = false;
        Thread thread = worker;
        thread.interrupt();
        thread.join(2_000);
    }

    private void work() {
        while (running) {
            if (trigger.delete()) {
                throw new IllegalStateException("crashing component: its worker met the crash trigger");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public String call() {
        Thread thread = worker;
        return thread != null && thread.isAlive() ? "alive" : "dead";
    }
}
