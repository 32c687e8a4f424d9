package io.rebound.router.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

import io.rebound.recovery.api.Call;
import io.rebound.recovery.api.Supervision;

/** A supervisor that writes down, in order, what the router tells it about each call. */
final class RecordingSupervision implements Supervision {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Object> callees = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    /** @return events so far: {@code enter}, {@code failed}, {@code errorResult}, {@code close} */
    List<String> events() {
        return List.copyOf(events);
    }

    List<Object> callees() {
        return List.copyOf(callees);
    }

    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    @Override
    public Call enter(Object callee) {
        events.add("enter");
        callees.add(callee);
        return new Call() {
            @Override
            public void progress() {
                events.add("progress");
            }

            @Override
            public void failed(Throwable cause) {
                events.add("failed");
                failures.add(cause);
            }

            @Override
            public void errorResult() {
                events.add("errorResult");
            }

            @Override
            public void close() {
                events.add("close");
            }
        };
    }

    @Override
    public ThreadFactory threadFactory(Object owner, String namePrefix) {
        throw new UnsupportedOperationException("the router starts no threads");
    }

    @Override
    public void failed(Object owner, String cause) {
        events.add("component failed: " + cause);
    }
}
