package io.rebound.connector.internal;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;

/**
 * Lets one worker thread wait, with a timeout, until the connection it serves is readable or writable. Client
 * channels stay non-blocking for their whole life (so the selector loop can park them between requests without
 * switching modes); a worker that must wait parks on its own private selector instead. That gives every read and
 * write a deadline, which blocking channel I/O cannot have.
 */
final class ChannelWaiter implements AutoCloseable {

    private final Selector selector;
    private SelectableChannel channel;
    private SelectionKey key;
    // Set while blocked in a wait: the thread then shows as RUNNABLE (it is in native code) but uses no CPU, and the
    // worker pool must not count it as busy (see WorkerThread#running).
    private volatile boolean waiting;

    ChannelWaiter() throws IOException {
        this.selector = Selector.open();
    }

    /**
     * Waits until {@code channel} is ready for {@code ops} or {@code timeoutNanos} pass.
     *
     * @return whether it became ready (false: timed out or woken up)
     */
    boolean await(SelectableChannel channel, int ops, long timeoutNanos) throws IOException {
        if (this.channel != channel) {
            release();
            this.key = channel.register(selector, ops);
            this.channel = channel;
        } else {
            key.interestOps(ops);
        }
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        WorkerThread.aboutToWait();
        waiting = true;
        int ready;
        try {
            ready = selector.select(millis);
        } finally {
            waiting = false;
        }
        selector.selectedKeys().clear();
        return ready > 0;
    }

    /** @return whether the owning worker is blocked waiting for its channel right now */
    boolean waiting() {
        return waiting;
    }

    /** Forgets the current channel, so that it can be registered here again later. */
    void release() throws IOException {
        if (key != null) {
            key.cancel();
            key = null;
            channel = null;
            // A cancelled key is only dropped at the next selection; flush it now so a re-registration of the same
            // channel (served by this worker again later) does not hit CancelledKeyException.
            selector.selectNow();
        }
    }

    /** Makes a waiting {@link #await} return at once (used when the connector stops). */
    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }
}
