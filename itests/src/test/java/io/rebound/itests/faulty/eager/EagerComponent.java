package io.rebound.itests.faulty.eager;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts a worker and waits (bounded) for it to be ready, as components commonly do; the worker dies of an uncaught
 * exception while it initialises, so the crash always happens while the bundle is still starting.
 */
public class EagerComponent {

    private volatile Thread worker;

    public void activate() throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(1);
        Thread thread = new Thread(() -> work(ready), "eager-worker");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
        // Waits until the worker is ready or gone, whichever comes first.
        while (!ready.await(10, TimeUnit.MILLISECONDS) && thread.isAlive()) {
            // Keep waiting: the worker is still initialising.
        }
    }

    public void deactivate() throws InterruptedException {
        Thread thread = worker;
        thread.interrupt();
        thread.join(2_000);
    }

    private static void work(CountDownLatch ready) {
        throw new IllegalStateException("eager component: its worker dies while initialising");
    }
}
