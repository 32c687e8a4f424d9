package io.rebound.connector.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool of {@link WorkerThread}s that serve connections. Threads are started on demand up to the limit
 * and retire after a minute without work; connections ready for a worker wait in the queue (it can hold at most
 * one entry per open connection, so the connection limit bounds it).
 */
final class WorkerPool extends ThreadPoolExecutor {

    private final Set<WorkerThread> threads = ConcurrentHashMap.newKeySet();

    WorkerPool(int size) {
        super(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        allowCoreThreadTimeOut(true);
        setThreadFactory(new Factory());
    }

    /** @return the live workers (to wake them when stopping, and for leak checks) */
    Set<WorkerThread> threads() {
        return threads;
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
