package io.rebound.itests.faulty.poisoned;

import java.io.File;

/** A worker whose failure is remembered in static state: only a new class loader forgets it. */
final class PoisonedWorker implements Runnable {

    /** The bug: state shared by every instance and every activation of the bundle's current class loader. */
    private static volatile String poison;

    private final File trigger;
    private volatile boolean running = true;
    private volatile boolean working;

    PoisonedWorker(File trigger) {
        this.trigger = trigger;
    }

    void stop() {
        running = false;
    }

    /** @return whether this worker got past its start and is doing its work */
    boolean working() {
        return working;
    }

    @Override
    public void run() {
        if (poison != null) {
            throw new IllegalStateException("poisoned worker: static state corrupted " + poison);
        }
        while (running) {
            working = true;
            if (trigger.delete()) {
                poison = "since " + java.time.Instant.now();
                throw new IllegalStateException("poisoned worker: corrupting its static state and dying");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
