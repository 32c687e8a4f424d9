package io.rebound.state.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The group-commit loop, on the store's own thread: commit (and force) once for every batch of waiting tickets,
 * rewrite sparse chunks every housekeeping interval, and reopen — that is, recover — the store after a failed commit,
 * at most once a second while it keeps failing. Never interrupted: an interrupt during a force would close the file
 * channel under MVStore ({@code ClosedByInterruptException}); {@link #stop} wakes it instead.
 */
final class Committer implements Runnable {

    /** What the loop works on. */
    interface Store {
        OpenStore current();

        /** Opens the file again after the current opening died. */
        void reopen();
    }

    static final long REOPEN_INTERVAL_MILLIS = 1000;

    private final Store store;
    private final boolean force;
    private final long housekeepingNanos;
    private final System.Logger log;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean stopping;

    Committer(Store store, boolean force, long housekeepingMillis, System.Logger log) {
        this.store = store;
        this.force = force;
        this.housekeepingNanos = TimeUnit.MILLISECONDS.toNanos(housekeepingMillis);
        this.log = log;
    }

    void stop() {
        stopping = true;
        stopped.countDown();
        store.current().wakeCommitter();
    }

    /** @return group commits made for waiting writers (each may serve many) */
    long commits() {
        return commits.get();
    }

    @Override
    public void run() {
        long nextHousekeeping = System.nanoTime() + housekeepingNanos;
        try {
            while (!stopping) {
                OpenStore s = store.current();
                if (!s.alive()) {
                    reopen();
                    continue;
                }
                try {
                    long ticket = s.awaitTickets(Math.max(1, nextHousekeeping - System.nanoTime()));
                    if (ticket > 0) {
                        s.commit(force);
                        commits.incrementAndGet();
                        s.release(ticket);
                    }
                    if (System.nanoTime() - nextHousekeeping >= 0) {
                        nextHousekeeping = System.nanoTime() + housekeepingNanos;
                        if (s.compact() || s.hasUnsavedChanges()) {
                            s.commit(force);
                        }
                    }
                } catch (RuntimeException | Error e) {
                    log.log(Level.ERROR, "commit to the state store " + s.file() + " failed; failing the changes "
                            + "waiting for it and reopening the store: " + e, e);
                    s.kill(e);
                }
            }
        } catch (InterruptedException e) {
            // Not expected (nobody interrupts this thread); stop as asked.
            Thread.currentThread().interrupt();
        }
    }

    private void reopen() throws InterruptedException {
        try {
            store.reopen();
            log.log(Level.WARNING, "state store " + store.current().file() + " reopened (recovered)");
        } catch (RuntimeException e) {
            log.log(Level.ERROR, "reopening the state store failed, retrying in " + REOPEN_INTERVAL_MILLIS + " ms: "
                    + e.getMessage());
            stopped.await(REOPEN_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
