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

    synchronized List<RecoveryRecord> list() {
        return new ArrayList<>(records);
    }
}
