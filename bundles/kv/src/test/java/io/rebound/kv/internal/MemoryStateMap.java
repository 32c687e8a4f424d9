package io.rebound.kv.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

import io.rebound.state.api.StateException;
import io.rebound.state.api.StateMap;

/** A {@link StateMap} in memory with the store's ordering and copying rules; can be made to fail like a dead disk. */
final class MemoryStateMap implements StateMap {

    private final ConcurrentSkipListMap<String, byte[]> records = new ConcurrentSkipListMap<>();
    volatile boolean failing;

    private void check() {
        if (failing) {
            throw new StateException("simulated disk failure");
        }
    }

    @Override
    public String name() {
        return "kv";
    }

    @Override
    public byte[] get(String key) {
        check();
        byte[] value = records.get(key);
        return value == null ? null : value.clone();
    }

    @Override
    public boolean put(String key, byte[] value) {
        check();
        return records.put(key, value.clone()) == null;
    }

    @Override
    public boolean remove(String key) {
        check();
        return records.remove(key) != null;
    }

    @Override
    public List<String> keys(String prefix, String after, int limit) {
        check();
        List<String> keys = new ArrayList<>();
        for (String key : records.tailMap(after != null && after.compareTo(prefix) >= 0 ? after : prefix).keySet()) {
            if (keys.size() == limit || !key.startsWith(prefix)) {
                break;
            }
            if (!key.equals(after)) {
                keys.add(key);
            }
        }
        return keys;
    }

    @Override
    public long size() {
        return records.size();
    }
}
