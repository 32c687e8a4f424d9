package io.rebound.connector.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * The connector's watch thread. Every {@link SelectorLoop#STALL_NANOS} it hands a selector loop over to another worker
 * when the loop's thread has been serving one connection for longer than that (a slow or hung handler), and has
 * the {@link WorkerPool} rescue connections queued behind workers that all run on and on ({@link WorkerPool#rescue}).
 * Neither can be left to the loops themselves: a loop stuck in a serve is the very thing to notice.
 */
final class LoopWatch implements Runnable {

    private final SelectorLoop[] loops;
    private final WorkerPool workers;
    private final Thread thread;
    private volatile boolean running = true;

    LoopWatch(SelectorLoop[] loops, WorkerPool workers) {
        this.loops = loops.clone();
        this.workers = workers;
        this.thread = new Thread(this, "rebound-connector-watch");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops the watch and waits (bounded) for its thread to end. */
    void stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(1_000);
    }

    @Override
    public void run() {
        while (running) {
            LockSupport.parkNanos(this, SelectorLoop.STALL_NANOS);
            long now = System.nanoTime();
            for (SelectorLoop loop : loops) {
                loop.checkStall(now);
            }
            workers.rescue(now);
        }
    }
}
