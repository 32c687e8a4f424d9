package io.rebound.connector.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import io.rebound.recovery.api.Call;
import io.rebound.recovery.api.Supervision;

/**
 * A supervisor that only records the failures reported to it. A failure reported for bad input would make the real
 * one reboot a component, which is exactly what bad input must never do.
 */
final class FailureRecorder implements Supervision {

    final List<String> failures = new CopyOnWriteArrayList<>();

    @Override
    public Call enter(Object callee) {
        return new Call() {
            @Override
            public void progress() {
            }

            @Override
            public void failed(Throwable cause) {
                failures.add(callee.getClass().getSimpleName() + ": " + cause);
            }

            @Override
            public void errorResult() {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public ThreadFactory threadFactory(Object owner, String namePrefix) {
        return Executors.defaultThreadFactory();
    }

    @Override
    public void failed(Object owner, String cause) {
        failures.add(owner.getClass().getSimpleName() + ": " + cause);
    }
}
