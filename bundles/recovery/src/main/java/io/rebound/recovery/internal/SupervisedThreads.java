package io.rebound.recovery.internal;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads made through {@link io.rebound.recovery.api.Supervision#threadFactory}, with the component that owns
 * each, so that their crashes are attributed without guessing. Weak keys: a dead thread is forgotten.
 */
final class SupervisedThreads {

    private final Map<Thread, String> owners = new WeakHashMap<>();

    ThreadFactory factory(String component, String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            synchronized (owners) {
                owners.put(thread, component);
            }
            return thread;
        };
    }

    String ownerOf(Thread thread) {
        synchronized (owners) {
            return owners.get(thread);
        }
    }
}
