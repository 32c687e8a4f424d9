package io.rebound.connector.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool of {@link WorkerThread}s that run the {@link SelectorLoop}s (which serve the connections they find
 * ready) and serve the connections handed to the pool (a request replayed after a crash, a connection taken over
 * from the previous connector instance). A selector loop that needs a thread gets one at once ({@link
 * HandOffQueue.Urgent}). For connections, an idle worker takes the next one; a new thread starts only when none is
 * idle, fewer workers are running than the machine has cores (but one), and the limit allows; workers retire after
 * a minute without work. (A plain
 * {@link ThreadPoolExecutor} with a queue starts a thread per task until it reaches its core size even while others
 * idle, which under keep-alive load grows the pool to its limit for nothing.)
 *
 * <p>Why not a thread as soon as none is idle: when every core is already busy serving, another thread cannot serve
 * sooner, it only adds a context switch per request. The connection waits in the queue instead and the first worker
 * to finish takes it, without blocking in between. Workers that wait (for a slow client, a lock, a commit, a sleep)
 * do not count as running, so they never hold the queue up; one that runs on and on (a hung or very long call) would,
 * so the {@link LoopWatch} calls {@link #rescue} and a worker is started whenever queued connections have seen none
 * of them taken for {@link #STALL_NANOS}. A loop waiting in its select does not count as running either.
 *
 * <p>Connections ready for a worker wait in the queue; it holds at most one entry per open connection, so the
 * connection limit bounds it.
 */
final class WorkerPool extends ThreadPoolExecutor {

    /** How long queued connections may go without one being taken before another worker starts. */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Set<WorkerThread> threads = ConcurrentHashMap.newKeySet();
    private final HandOffQueue queue;
    private final int runningTarget;
    // Read and written by the LoopWatch only (rescue).
    private long observedTakes = -1;
    private long observedAt;

    /**
     * @param size the most workers; as many run at once as the machine has cores but one (left to the selector loops
     *        and the rest of the process), more when they wait
     */
    WorkerPool(int size) {
        this(size, Runtime.getRuntime().availableProcessors() - 1);
    }

    WorkerPool(int size, int runningTarget) {
        super(0, size, 60, TimeUnit.SECONDS, new HandOffQueue());
        this.queue = (HandOffQueue) getQueue();
        this.runningTarget = Math.max(1, runningTarget);
        queue.serve(new HandOffQueue.Workers() {
            @Override
            public boolean runningTargetReached() {
                return WorkerPool.this.runningTargetReached();
            }

            @Override
            public boolean mayGrow() {
                return getPoolSize() < getMaximumPoolSize();
            }
        });
        setThreadFactory(new Factory());
        setRejectedExecutionHandler(new QueueWhenFull(queue));
    }

    /** @return the live workers (to wake them when stopping, and for leak checks) */
    Set<WorkerThread> threads() {
        return threads;
    }

    /** @return how many workers run at once before connections queue for them */
    int runningTarget() {
        return runningTarget;
    }

    /** @return whether connections wait for a worker right now */
    boolean backlogged() {
        return !queue.isEmpty();
    }

    /**
     * Wakes an idle worker, or starts another, if queued connections have waited {@link #STALL_NANOS} without one
     * being taken: every running worker is then stuck in something long. Called by the {@link LoopWatch} every
     * {@link #STALL_NANOS}.
     */
    void rescue(long now) {
        if (queue.isEmpty()) {
            observedTakes = -1;
            return;
        }
        long takes = queue.takes();
        if (takes != observedTakes) {
            observedTakes = takes;
            observedAt = now;
            return;
        }
        if (now - observedAt < STALL_NANOS) {
            return;
        }
        observedAt = now;
        if (queue.wakeOne() || getPoolSize() >= getMaximumPoolSize()) {
            return;
        }
        try {
            execute(HandOffQueue.START_WORKER);
        } catch (RejectedExecutionException e) {
            // Stopping: the queued connections are handed over or closed by the stop.
        }
    }

    /**
     * @return whether at least {@link #runningTarget} workers are running code (see {@link WorkerThread#running}) or
     *         were woken to
     */
    private boolean runningTargetReached() {
        int running = queue.waking();
        if (running >= runningTarget) {
            return true;
        }
        for (WorkerThread thread : threads) {
            if (thread.running() && ++running >= runningTarget) {
                return true;
            }
        }
        return false;
    }

    private final class Factory implements ThreadFactory {

        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            try {
                WorkerThread thread = new WorkerThread(task, "rebound-connector-worker-" + count.incrementAndGet(),
                        threads);
                threads.add(thread);
                return thread;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a selector for a connector worker", e);
            }
        }
    }

    /**
     * Only reached when the pool is at its limit: queues the task for the next free worker. (Classes here rather
     * than lambdas: this bundle's classes are loaded anew on every reboot, and a lambda's first use costs a generated
     * class while the reboot holds requests.)
     */
    private static final class QueueWhenFull implements RejectedExecutionHandler {

        private final HandOffQueue queue;

        QueueWhenFull(HandOffQueue queue) {
            this.queue = queue;
        }

        @Override
        public void rejectedExecution(Runnable task, ThreadPoolExecutor pool) {
            if (task == HandOffQueue.START_WORKER) {
                return;
            }
            if (pool.isShutdown()) {
                throw new RejectedExecutionException("connector workers are stopping");
            }
            queue.force(task);
        }
    }
}
