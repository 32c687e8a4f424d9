package io.rebound.state.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.rebound.state.api.RecordQueue;

/** A {@link RecordQueue} in memory: a deque under one lock, its capacity adjustable while in use. */
final class MemoryRecordQueue implements RecordQueue {

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<String> records = new ArrayDeque<>();
    private final LongAdder dropped = new LongAdder();
    private volatile int capacity;
    // Guarded by lock: wake() calls not yet seen by a peek.
    private int wakeUps;

    MemoryRecordQueue(String name, int capacity) {
        this.name = name;
        resize(capacity);
    }

    void resize(int newCapacity) {
        if (newCapacity < 1) {
            throw new IllegalArgumentException("capacity of queue " + name + " must be at least 1, not " + newCapacity);
        }
        capacity = newCapacity;
    }

    @Override
    public boolean offer(String record) {
        Objects.requireNonNull(record, "record");
        lock.lock();
        try {
            if (records.size() >= capacity) {
                dropped.increment();
                return false;
            }
            records.addLast(record);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> peek(int max, long timeout, TimeUnit unit) throws InterruptedException {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, not " + max);
        }
        long remaining = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (records.isEmpty() && wakeUps == 0 && remaining > 0) {
                remaining = notEmpty.awaitNanos(remaining);
            }
            wakeUps = 0;
            List<String> head = new ArrayList<>(Math.min(max, records.size()));
            for (Iterator<String> it = records.iterator(); it.hasNext() && head.size() < max;) {
                head.add(it.next());
            }
            return head;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void remove(int count) {
        lock.lock();
        try {
            if (count < 0 || count > records.size()) {
                throw new IllegalArgumentException("cannot remove " + count + " of the " + records.size()
                        + " records in queue " + name);
            }
            for (int i = 0; i < count; i++) {
                records.removeFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void wake() {
        lock.lock();
        try {
            wakeUps++;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return records.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public String toString() {
        return "record queue " + name;
    }
}
