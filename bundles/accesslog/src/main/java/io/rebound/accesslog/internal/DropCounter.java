package io.rebound.accesslog.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

/**
 * Reports records the queue refused because it was full, at most once per {@link #REPORT_INTERVAL}: when the disk
 * cannot keep up, a warning per dropped record would only make things worse. The queue counts its refusals; this
 * reports what it counted since the writer started. Used by the writer thread only.
 */
final class DropCounter {

    static final long REPORT_INTERVAL = TimeUnit.SECONDS.toNanos(10);

    private final System.Logger log;
    private final long baseline;
    private long reported;
    private boolean reportedBefore;
    private long lastReportNanos;

    /** @param baseline the queue's drop count when the writer started: earlier drops were someone else's to report */
    DropCounter(System.Logger log, long baseline) {
        this.log = log;
        this.baseline = baseline;
        this.reported = baseline;
    }

    long baseline() {
        return baseline;
    }

    /** Logs the drops since the last report, unless the last report is less than the interval old. */
    void update(long queueDropped, long nowNanos) {
        if (reportedBefore && nowNanos - lastReportNanos < REPORT_INTERVAL) {
            return;
        }
        long dropped = queueDropped - reported;
        if (dropped > 0) {
            log.log(Level.WARNING, "Access log queue full: dropped " + dropped + " records"
                    + (reportedBefore ? " since the last report" : ""));
            reported = queueDropped;
            reportedBefore = true;
            lastReportNanos = nowNanos;
        }
    }

    /** Logs what is left unreported, whatever the interval; for shutdown. */
    void reportRemaining(long queueDropped) {
        long dropped = queueDropped - reported;
        if (dropped > 0) {
            log.log(Level.WARNING, "Access log queue full: dropped " + dropped + " records before stopping");
            reported = queueDropped;
        }
    }
}
