package io.rebound.accesslog.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.rebound.recovery.api.Call;
import io.rebound.recovery.api.Supervision;

/** A supervisor that writes down the calls it is told about and the threads it is asked to make. */
final class RecordingSupervision implements Supervision {

    /** The arguments of one {@link #threadFactory} request and the threads made through it. */
    record Factory(Object owner, String prefix, List<Thread> threads) {
    }

    private final List<Object> callees = new CopyOnWriteArrayList<>();
    private final List<Long> closedCallNanos = new CopyOnWriteArrayList<>();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final List<Factory> factories = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();

    List<Object> callees() {
        return List.copyOf(callees);
    }

    /** @return how long each closed call lasted, in nanoseconds */
    List<Long> closedCallNanos() {
        return List.copyOf(closedCallNanos);
    }

    /** @return calls entered and not closed yet */
    int openCalls() {
        return open.get();
    }

    /** @return {@code failed} and {@code errorResult} reports, as text */
    List<String> reports() {
        return List.copyOf(reports);
    }

    List<Factory> factories() {
        return List.copyOf(factories);
    }

    @Override
    public Call enter(Object callee) {
        callees.add(callee);
        open.incrementAndGet();
        long start = System.nanoTime();
        return new Call() {
            @Override
            public void progress() {
            }

            @Override
            public void failed(Throwable cause) {
                reports.add("failed: " + cause);
            }

            @Override
            public void errorResult() {
                reports.add("errorResult");
            }

            @Override
            public void close() {
                closedCallNanos.add(System.nanoTime() - start);
                open.decrementAndGet();
            }
        };
    }

    /** Numbers its threads the way the real supervisor does: {@code prefix-n}. */
    @Override
    public ThreadFactory threadFactory(Object owner, String namePrefix) {
        Factory factory = new Factory(owner, namePrefix, new CopyOnWriteArrayList<>());
        factories.add(factory);
        return task -> {
            Thread t = new Thread(task, namePrefix + "-" + (factory.threads().size() + 1));
            factory.threads().add(t);
            return t;
        };
    }

    @Override
    public void failed(Object owner, String cause) {
        reports.add("component failed: " + cause);
    }
}
