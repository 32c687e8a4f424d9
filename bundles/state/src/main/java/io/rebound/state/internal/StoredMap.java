package io.rebound.state.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

import io.rebound.state.api.StateException;
import io.rebound.state.api.StateMap;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStoreException;

/** A {@link StateMap} over the MVStore map {@code map.<name>} of whatever opening of the file is current. */
final class StoredMap implements StateMap {

    private final String name;
    private final DurableStateStore owner;

    StoredMap(String name, DurableStateStore owner) {
        this.name = name;
        this.owner = owner;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] get(String key) {
        Objects.requireNonNull(key, "key");
        try {
            byte[] value = owner.current().map(name).get(key);
            // MVStore hands out the array it holds: a caller must not be able to change the store's copy.
            return value == null ? null : value.clone();
        } catch (MVStoreException e) {
            throw unavailable(e);
        }
    }

    @Override
    public boolean put(String key, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        OpenStore store = owner.current();
        byte[] previous;
        try {
            previous = store.map(name).put(key, value.clone());
        } catch (MVStoreException e) {
            throw unavailable(e);
        }
        store.awaitDurable(owner.commitTimeoutNanos());
        return previous == null;
    }

    @Override
    public boolean remove(String key) {
        Objects.requireNonNull(key, "key");
        OpenStore store = owner.current();
        byte[] previous;
        try {
            previous = store.map(name).remove(key);
        } catch (MVStoreException e) {
            throw unavailable(e);
        }
        if (previous == null) {
            return false;
        }
        store.awaitDurable(owner.commitTimeoutNanos());
        return true;
    }

    @Override
    public List<String> keys(String prefix, String after, int limit) {
        Objects.requireNonNull(prefix, "prefix");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        String from = after != null && after.compareTo(prefix) >= 0 ? after : prefix;
        List<String> keys = new ArrayList<>(Math.min(limit, 1024));
        try {
            MVMap<String, byte[]> map = owner.current().map(name);
            for (Iterator<String> it = map.keyIterator(from); it.hasNext() && keys.size() < limit;) {
                String key = it.next();
                if (!key.startsWith(prefix)) {
                    break;
                }
                if (!key.equals(after)) {
                    keys.add(key);
                }
            }
        } catch (MVStoreException e) {
            throw unavailable(e);
        }
        return keys;
    }

    @Override
    public long size() {
        try {
            return owner.current().map(name).sizeAsLong();
        } catch (MVStoreException e) {
            throw unavailable(e);
        }
    }

    static StateException unavailable(MVStoreException e) {
        return new StateException("the state store failed: " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "state map " + name;
    }
}
