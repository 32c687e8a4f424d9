package io.rebound.connector.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool of {@link WorkerThread}s that serve connections. An idle worker takes the next connection; a new
 * thread starts only when none is idle and the limit allows, and workers retire after a minute without work. (A
 * plain {@link ThreadPoolExecutor} with a queue starts a thread per task until it reaches its core size even while
 * others idle, which under keep-alive load grows the pool to its limit for nothing.) Beyond the limit, connections
 * ready for a worker wait in the queue; it holds at most one entry per open connection, so the connection limit
 * bounds it.
 */
final class WorkerPool extends ThreadPoolExecutor {

    private final Set<WorkerThread> threads = ConcurrentHashMap.newKeySet();

    WorkerPool(int size) {
        super(0, size, 60, TimeUnit.SECONDS, new HandOffQueue());
        ((HandOffQueue) getQueue()).pool = this;
        setThreadFactory(new Factory());
        // Only reached when the pool is at its limit: queue the task for the next free worker.
        setRejectedExecutionHandler((task, pool) -> {
            if (pool.isShutdown() || !((HandOffQueue) pool.getQueue()).force(task)) {
                throw new RejectedExecutionException("connector workers are stopping");
            }
        });
    }

    /** @return the live workers (to wake them when stopping, and for leak checks) */
    Set<WorkerThread> threads() {
        return threads;
    }

    /**
     * Refuses a task when no worker is idle and the pool may still grow, which makes the executor start a thread;
     * otherwise queues it for an idle worker.
     */
    private static final class HandOffQueue extends LinkedBlockingQueue<Runnable> {

        private static final long serialVersionUID = 1L;

        private final AtomicInteger idle = new AtomicInteger();
        private transient ThreadPoolExecutor pool;

        @Override
        public boolean offer(Runnable task) {
            if (idle.get() <= size() && pool.getPoolSize() < pool.getMaximumPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        boolean force(Runnable task) {
            return super.offer(task);
        }

        @Override
        public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
            idle.incrementAndGet();
            try {
                return super.poll(timeout, unit);
            } finally {
                idle.decrementAndGet();
            }
        }

        @Override
        public Runnable take() throws InterruptedException {
            idle.incrementAndGet();
            try {
                return super.take();
            } finally {
                idle.decrementAndGet();
            }
        }
    }

    private final class Factory implements ThreadFactory {

        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            try {
                WorkerThread[] self = new WorkerThread[1];
                self[0] = new WorkerThread(() -> {
                    try {
                        task.run();
                    } finally {
                        threads.remove(self[0]);
                    }
                }, "rebound-connector-worker-" + count.incrementAndGet());
                threads.add(self[0]);
                return self[0];
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a selector for a connector worker", e);
            }
        }
    }
}
