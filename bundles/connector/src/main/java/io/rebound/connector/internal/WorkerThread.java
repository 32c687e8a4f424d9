package io.rebound.connector.internal;

import java.io.IOException;

/** A connector worker: a named thread that owns the {@link ChannelWaiter} its connections wait on. */
final class WorkerThread extends Thread {

    private final ChannelWaiter waiter;

    WorkerThread(Runnable task, String name) throws IOException {
        super(task, name);
        this.waiter = new ChannelWaiter();
        setDaemon(true);
    }

    ChannelWaiter waiter() {
        return waiter;
    }

    @Override
    public void run() {
        try {
            super.run();
        } finally {
            try {
                waiter.close();
            } catch (IOException ignored) {
                // The thread is ending; nothing is left to release.
            }
        }
    }
}
