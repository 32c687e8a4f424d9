package io.rebound.recovery.internal;

import io.rebound.recovery.api.Call;

/** A call in progress into a supervised component, as the {@link CallWatchdog} tracks it. */
final class WatchedCall implements Call {

    /**
     * Progress of one thread, shared by all the calls open on it: bytes moved or a nested call returning is progress
     * for every call the thread is inside of, since each of them is only waiting for it.
     */
    static final class ThreadProgress {
        volatile long last;
        // Open calls on the thread; only the thread itself changes it.
        int depth;
    }

    final CallWatchdog watchdog;
    final String component;
    final Thread thread;
    final long startedNanos;
    final ThreadProgress progress;
    volatile boolean reportedHung;
    private boolean failed;

    WatchedCall(CallWatchdog watchdog, String component, Thread thread, ThreadProgress progress) {
        this.watchdog = watchdog;
        this.component = component;
        this.thread = thread;
        this.startedNanos = System.nanoTime();
        this.progress = progress;
    }

    /** @return when this call last made progress: its start, or the thread's latest progress after it */
    long lastProgressNanos() {
        long p = progress.last;
        return p - startedNanos > 0 ? p : startedNanos;
    }

    @Override
    public void progress() {
        progress.last = System.nanoTime();
    }

    @Override
    public void failed(Throwable cause) {
        failed = true;
        watchdog.failed(this, cause);
    }

    @Override
    public void errorResult() {
        failed = true;
    }

    @Override
    public void close() {
        watchdog.closed(this, failed);
    }
}
