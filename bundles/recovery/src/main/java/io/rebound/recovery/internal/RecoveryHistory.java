package io.rebound.recovery.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The latest recoveries, oldest first, bounded so a flapping component cannot grow it without end. */
final class RecoveryHistory {

    private static final int CAPACITY = 10_000;

    private final Deque<RecoveryRecord> records = new ArrayDeque<>();

    synchronized void add(RecoveryRecord record) {
        if (records.size() == CAPACITY) {
            records.removeFirst();
        }
        records.addLast(record);
    }

    /** Puts {@code older} (oldest first) before the records already here, within the capacity. */
    synchronized void restoreOlder(List<RecoveryRecord> older) {
        for (int i = older.size() - 1; i >= 0 && records.size() < CAPACITY; i--) {
            records.addFirst(older.get(i));
        }
    }

    synchronized List<RecoveryRecord> list() {
        return new ArrayList<>(records);
    }
}
