package io.rebound.recovery.internal;

import io.rebound.recovery.api.Call;

/** A call in progress into a supervised component, as the {@link CallWatchdog} tracks it. */
final class WatchedCall implements Call {

    final CallWatchdog watchdog;
    final String component;
    final Thread thread;
    final long startedNanos;
    volatile long lastProgressNanos;
    volatile boolean reportedHung;
    private boolean failed;

    WatchedCall(CallWatchdog watchdog, String component, Thread thread) {
        this.watchdog = watchdog;
        this.component = component;
        this.thread = thread;
        this.startedNanos = System.nanoTime();
        this.lastProgressNanos = startedNanos;
    }

    @Override
    public void progress() {
        lastProgressNanos = System.nanoTime();
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
