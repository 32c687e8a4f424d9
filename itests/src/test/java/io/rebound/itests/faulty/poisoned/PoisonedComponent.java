package io.rebound.itests.faulty.poisoned;

import java.io.File;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;

/**
 * Runs a {@link PoisonedWorker}, whose bug lives in a static field: once poisoned, every worker started from that
 * class dies at once, in this activation and in any later one that reuses the class. As a {@code Callable} it answers
 * whether its worker lives.
 */
public class PoisonedComponent implements Callable<String> {

    private volatile PoisonedWorker work;
    private volatile Thread worker;

    public void activate(BundleContext context) {
        File trigger = context.getDataFile("poison");
        PoisonedWorker w = new PoisonedWorker(trigger);
        Thread thread = new Thread(w, "poisoned-worker");
        thread.setDaemon(true);
        work = w;
        worker = thread;
        thread.start();
    }

    public void deactivate() throws InterruptedException {
        work.stop();
        Thread thread = worker;
        thread.interrupt();
        thread.join(2_000);
    }

    /** "alive" once the worker got past its start (a poisoned one dies right there) and while it runs. */
    @Override
    public String call() {
        Thread thread = worker;
        PoisonedWorker w = work;
        return thread != null && thread.isAlive() && w.working() ? "alive" : "dead";
    }
}
