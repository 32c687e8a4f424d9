package io.rebound.connector.internal;

import java.io.IOException;
import java.util.Set;

/** A connector worker: a named thread that owns the {@link ChannelWaiter} its connections wait on. */
final class WorkerThread extends Thread {

    private final ChannelWaiter waiter;
    // The pool's live workers: this thread leaves the set as it ends.
    private final Set<WorkerThread> live;
    // Set while waiting in the pool's queue for a task.
    private volatile boolean idle;

    WorkerThread(Runnable task, String name, Set<WorkerThread> live) throws IOException {
        super(task, name);
        this.live = live;
        this.waiter = new ChannelWaiter();
        setDaemon(true);
    }

    ChannelWaiter waiter() {
        return waiter;
    }

    /**
     * @return whether the thread is running code right now (or ready to): not idle in the pool, not blocked on a lock
     *         or a condition, not waiting for its channel. Racy by nature: a hint for how many workers to keep awake.
     */
    boolean running() {
        return !idle && getState() == State.RUNNABLE && !waiter.waiting();
    }

    /** Marks the thread as waiting in the pool's queue (set before it looks at the queue a last time). */
    void idle(boolean waiting) {
        idle = waiting;
    }

    @Override
    public void run() {
        try {
            super.run();
        } finally {
            live.remove(this);
            try {
                waiter.close();
            } catch (IOException ignored) {
                // The thread is ending; nothing is left to release.
            }
        }
    }
}
