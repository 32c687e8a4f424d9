package io.rebound.connector.internal;

import java.io.IOException;
import java.util.Set;

/**
 * A connector worker: a named thread of the {@link WorkerPool} that owns the {@link ChannelWaiter} its connections
 * wait on. It serves connections handed to the pool, or runs a {@link SelectorLoop} (which serves the connections it
 * finds ready itself).
 */
final class WorkerThread extends Thread {

    private final ChannelWaiter waiter;
    // The pool's live workers: this thread leaves the set as it ends.
    private final Set<WorkerThread> live;
    // Set while waiting in the pool's queue for a task.
    private volatile boolean idle;
    // Set while the thread waits in a selector loop's select: not running code, like a wait for the channel.
    private volatile boolean selecting;
    // The selector loop this thread runs and serves a connection for right now, or null; read by this thread only.
    private SelectorLoop servingFor;

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
        return !idle && !selecting && getState() == State.RUNNABLE && !waiter.waiting();
    }

    /** Marks the thread as waiting in a selector loop's select (true) or back from it (false). */
    void selecting(boolean waiting) {
        selecting = waiting;
    }

    /** Notes that this thread serves a connection for {@code loop} (null: no longer), see {@link #aboutToWait()}. */
    void servingFor(SelectorLoop loop) {
        servingFor = loop;
    }

    /** @return whether the current thread serves a connection for a selector loop (see {@link #servingFor}) */
    static boolean servingForLoop() {
        Thread current = Thread.currentThread();
        return current instanceof WorkerThread && ((WorkerThread) current).servingFor != null;
    }

    /**
     * Called by the current thread before it waits for something (a client, a rebooting component): a thread that
     * runs a selector loop hands the loop over to another thread first, so that the loop's other connections do
     * not wait with it. No-op for any other thread.
     */
    static void aboutToWait() {
        Thread current = Thread.currentThread();
        if (current instanceof WorkerThread) {
            WorkerThread self = (WorkerThread) current;
            SelectorLoop loop = self.servingFor;
            if (loop != null) {
                self.servingFor = null;
                loop.handOff(self);
            }
        }
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
