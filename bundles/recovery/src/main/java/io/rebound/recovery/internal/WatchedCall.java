package io.rebound.recovery.internal;

import io.rebound.recovery.api.Call;

/** A call in progress into a supervised component, as the {@link CallWatchdog} tracks it. */
final class WatchedCall implements Call {

    final CallWatchdog watchdog;
    final String component;
    final ThreadCalls calls;
    final long startedNanos;
    volatile boolean reportedHung;
    // Time spent in calls nested in this one; only the calling thread touches it.
    long nestedNanos;
    private boolean failed;

    WatchedCall(CallWatchdog watchdog, String component, ThreadCalls calls) {
        this.watchdog = watchdog;
        this.component = component;
        this.calls = calls;
        this.startedNanos = System.nanoTime();
    }

    Thread thread() {
        return calls.thread;
    }

    /** @return when this call last made progress: its start, or the thread's latest progress after it */
    long lastProgressNanos() {
        long p = calls.lastProgress();
        return p - startedNanos > 0 ? p : startedNanos;
    }

    @Override
    public void progress() {
        calls.progress(System.nanoTime());
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
