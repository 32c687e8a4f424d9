package io.rebound.state.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

import io.rebound.state.api.Journal;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStoreException;

/**
 * A {@link Journal} over the MVStore map {@code journal.<name>}: sequence number to entry. Entries are only added at
 * the end and removed from the start, so the keys are always one unbroken run.
 */
final class StoredJournal implements Journal {

    private final String name;
    private final DurableStateStore owner;

    StoredJournal(String name, DurableStateStore owner) {
        this.name = name;
        this.owner = owner;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long append(String entry) {
        Objects.requireNonNull(entry, "entry");
        OpenStore store = owner.current();
        long sequence;
        try {
            MVMap<Long, String> map = store.journal(name);
            // Numbering and adding must be one step; the wait for the disk is shared, outside.
            synchronized (this) {
                Long last = map.lastKey();
                sequence = last == null ? 1 : last + 1;
                map.put(sequence, entry);
            }
        } catch (MVStoreException e) {
            throw StoredMap.unavailable(e);
        }
        store.awaitDurable(owner.commitTimeoutNanos());
        return sequence;
    }

    @Override
    public List<String> latest(int max) {
        if (max < 1) {
            return List.of();
        }
        try {
            MVMap<Long, String> map = owner.current().journal(name);
            Long last = map.lastKey();
            if (last == null) {
                return List.of();
            }
            List<String> entries = new ArrayList<>();
            for (Iterator<Long> it = map.keyIterator(Math.max(1, last - max + 1)); it.hasNext();) {
                Long key = it.next();
                String entry = map.get(key);
                if (entry != null) {
                    entries.add(entry);
                }
            }
            return entries;
        } catch (MVStoreException e) {
            throw StoredMap.unavailable(e);
        }
    }

    @Override
    public int trim(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative, not " + keep);
        }
        OpenStore store = owner.current();
        int removed = 0;
        try {
            MVMap<Long, String> map = store.journal(name);
            synchronized (this) {
                while (map.sizeAsLong() > keep) {
                    map.remove(map.firstKey());
                    removed++;
                }
            }
        } catch (MVStoreException e) {
            throw StoredMap.unavailable(e);
        }
        if (removed > 0) {
            store.awaitDurable(owner.commitTimeoutNanos());
        }
        return removed;
    }

    @Override
    public long size() {
        try {
            return owner.current().journal(name).sizeAsLong();
        } catch (MVStoreException e) {
            throw StoredMap.unavailable(e);
        }
    }

    @Override
    public String toString() {
        return "state journal " + name;
    }
}
