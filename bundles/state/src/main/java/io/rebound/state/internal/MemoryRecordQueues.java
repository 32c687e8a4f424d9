package io.rebound.state.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.rebound.state.api.RecordQueue;
import io.rebound.state.api.RecordQueues;

import org.osgi.service.component.annotations.Component;

/**
 * The {@link RecordQueues} service. Independent of the store file, so the queues are there even when the store
 * cannot be opened. They live as long as this bundle, which is never rebooted: that is what lets them outlive the
 * components consuming them.
 */
@Component(service = RecordQueues.class, immediate = true)
public final class MemoryRecordQueues implements RecordQueues {

    private final Map<String, MemoryRecordQueue> queues = new ConcurrentHashMap<>();

    @Override
    public RecordQueue queue(String name) {
        return queues.computeIfAbsent(Names.check("queue", name), n -> new MemoryRecordQueue(n, DEFAULT_CAPACITY));
    }

    @Override
    public RecordQueue queue(String name, int capacity) {
        MemoryRecordQueue queue = (MemoryRecordQueue) queue(name);
        queue.resize(capacity);
        return queue;
    }
}
