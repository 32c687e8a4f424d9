package io.rebound.connector.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Logs refused connections at most once per interval, counting the refusals it kept quiet about: refusals come in
 * floods exactly when a server is under attack or overloaded, and a log line per refusal would turn the flood into
 * one of disk writes. Used by the selector thread only.
 */
final class RefusalLog {

    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final System.Logger log;
    private final long intervalNanos;
    private boolean logged;
    private long lastLogged;
    private int unreported;

    RefusalLog(System.Logger log, long intervalNanos) {
        this.log = log;
        this.intervalNanos = intervalNanos;
    }

    /** Counts one refusal; logs {@code reason} unless a line was written within the interval. */
    void refused(Supplier<String> reason) {
        long now = System.nanoTime();
        if (logged && now - lastLogged < intervalNanos) {
            unreported++;
            return;
        }
        String more = unreported == 0 ? "" : " (and " + unreported + " more refused since the last report)";
        log.log(Level.WARNING, reason.get() + more);
        logged = true;
        lastLogged = now;
        unreported = 0;
    }
}
