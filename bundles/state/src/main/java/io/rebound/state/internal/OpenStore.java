package io.rebound.state.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.rebound.state.api.StateException;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * One opening of the store file, and the group commit over it. Writers change a map in memory, then
 * {@link #awaitDurable} takes a ticket and waits; the committer thread takes every ticket issued so far
 * ({@link #awaitTickets}), commits and forces the file once for all of them, and {@link #release}s them. A ticket is
 * issued after its writer's change is in the map, and the commit starts after the ticket was taken, so the commit
 * holds the change.
 *
 * <p>When a commit fails the opening is {@link #kill killed}: every waiting and later ticket fails, and the store
 * is opened again (recovered) by the committer. Tickets belong to one opening, so a change made in memory of a
 * dead opening can never be acknowledged by a commit of the next one.
 */
final class OpenStore {

    private static final String MAP_PREFIX = "map.";
    private static final String JOURNAL_PREFIX = "journal.";

    private final Path file;
    private final MVStore store;
    private final Map<String, MVMap<String, byte[]>> maps = new ConcurrentHashMap<>();
    private final Map<String, MVMap<Long, String>> journals = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ticketsIssued = lock.newCondition();
    private final Condition ticketsReleased = lock.newCondition();
    // Guarded by lock.
    private long issued;
    private long released;
    private boolean committerWanted;
    private volatile StateException death;

    private OpenStore(Path file, MVStore store) {
        this.file = file;
        this.store = store;
    }

    /**
     * Opens the file, which is recovery: MVStore finds the newest chunk whose checksums hold and drops anything
     * after it. Then every map is opened and counted, so damage shows now rather than at the first request.
     *
     * @param forced whether every commit is forced to the disk before the next one starts (the fsync policy)
     * @throws StateException naming the file when it cannot be opened
     */
    static OpenStore open(Path file, int cacheMegabytes, boolean forced) {
        MVStore store;
        try {
            // Auto-commit off: no MVStore background threads; every commit is ours, on our named committer thread.
            store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().cacheSize(cacheMegabytes)
                    .open();
        } catch (RuntimeException e) {
            throw new StateException("cannot open the state store " + file + ": " + e.getMessage(), e);
        }
        if (forced) {
            // MVStore keeps freed chunks for 45 s by default in case the disk reorders writes it was not told to
            // force. Every commit here is forced before the next one starts, so a chunk no live version uses may be
            // overwritten at once; without this, a commit per group of writers grows the file by gigabytes, and
            // recovery after a kill (which scans the file) slows down with it.
            store.setRetentionTime(0);
        }
        OpenStore opened = new OpenStore(file, store);
        try {
            for (String name : store.getMapNames()) {
                if (name.startsWith(MAP_PREFIX)) {
                    opened.map(name.substring(MAP_PREFIX.length())).sizeAsLong();
                } else if (name.startsWith(JOURNAL_PREFIX)) {
                    opened.journal(name.substring(JOURNAL_PREFIX.length())).lastKey();
                }
            }
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw new StateException("the state store " + file + " is damaged: " + e.getMessage(), e);
        }
        return opened;
    }

    Path file() {
        return file;
    }

    MVMap<String, byte[]> map(String name) {
        checkAlive();
        return maps.computeIfAbsent(name, n -> store.openMap(MAP_PREFIX + n,
                new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE)
                        .valueType(ByteArrayDataType.INSTANCE)));
    }

    MVMap<Long, String> journal(String name) {
        checkAlive();
        return journals.computeIfAbsent(name, n -> store.openMap(JOURNAL_PREFIX + n,
                new MVMap.Builder<Long, String>().keyType(LongDataType.INSTANCE).valueType(StringDataType.INSTANCE)));
    }

    /** @throws StateException when this opening is dead */
    void checkAlive() {
        StateException d = death;
        if (d != null) {
            throw new StateException("the state store is recovering from a failure: " + d.getMessage(), d);
        }
    }

    boolean alive() {
        return death == null;
    }

    /**
     * Waits until every change this thread made before the call is durable.
     *
     * @throws StateException when the commit failed, this opening died, the wait ran out, or the thread was
     *         interrupted (its flag is kept)
     */
    void awaitDurable(long timeoutNanos) {
        lock.lock();
        try {
            checkAlive();
            long ticket = ++issued;
            ticketsIssued.signal();
            long remaining = timeoutNanos;
            while (released < ticket) {
                checkAlive();
                if (remaining <= 0) {
                    throw new StateException("a change to the state store was not durable within "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (is the disk hanging?)");
                }
                try {
                    remaining = ticketsReleased.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StateException("interrupted while waiting for a change to become durable");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * For the committer: waits up to {@code maxWaitNanos} for tickets.
     *
     * @return the newest ticket issued, or {@code 0} when none is waiting (the wait ran out, or {@link #wakeCommitter})
     */
    long awaitTickets(long maxWaitNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = maxWaitNanos;
            while (issued == released && remaining > 0 && !committerWanted) {
                remaining = ticketsIssued.awaitNanos(remaining);
            }
            committerWanted = false;
            return issued > released ? issued : 0;
        } finally {
            lock.unlock();
        }
    }

    /** Makes a committer waiting in {@link #awaitTickets} return at once. */
    void wakeCommitter() {
        lock.lock();
        try {
            committerWanted = true;
            ticketsIssued.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes every change made so far and, with {@code force}, forces the file to the disk.
     *
     * @throws RuntimeException whatever MVStore throws; the caller then kills this opening
     */
    void commit(boolean force) {
        store.commit();
        if (store.isClosed()) {
            // MVStore closes itself on a write error ("panic") and then commits nothing, silently.
            Throwable panic = store.getPanicException();
            throw new StateException("the state store closed itself: " + (panic == null ? "unknown cause" : panic),
                    panic);
        }
        if (force) {
            store.sync();
        }
    }

    /** Says that every ticket up to {@code ticket} is durable. */
    void release(long ticket) {
        lock.lock();
        try {
            if (ticket > released) {
                released = ticket;
            }
            ticketsReleased.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Rewrites chunks that are mostly garbage, so the file does not grow without end; committed by the caller. */
    boolean compact() {
        return store.compact(80, 16 * 1024 * 1024);
    }

    /** @return whether some change has not been committed */
    boolean hasUnsavedChanges() {
        return store.hasUnsavedChanges();
    }

    /** Fails every waiting and later ticket and closes the file without writing anything more. */
    void kill(Throwable cause) {
        lock.lock();
        try {
            if (death == null) {
                death = cause instanceof StateException s ? s
                        : new StateException(String.valueOf(cause.getMessage()), cause);
            }
            ticketsReleased.signalAll();
            // The committer may be waiting for tickets of this opening: it has a reopening to do instead.
            committerWanted = true;
            ticketsIssued.signal();
        } finally {
            lock.unlock();
        }
        store.closeImmediately();
    }

    /** Commits, forces and closes; what a normal stop does (a kill instead would lose nothing acknowledged). */
    void close() {
        try {
            if (!store.isClosed()) {
                store.commit();
                store.sync();
            }
        } finally {
            store.close();
            kill(new StateException("the state store is closed"));
        }
    }
}
