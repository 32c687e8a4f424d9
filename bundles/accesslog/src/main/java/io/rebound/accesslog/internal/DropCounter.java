package io.rebound.accesslog.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts records dropped because the queue was full, and reports them at most once per {@link #REPORT_INTERVAL}:
 * when the disk cannot keep up, a warning per dropped record would only make things worse.
 *
 * <p>{@link #count()} is called by request threads; the reporting methods only by the writer thread.
 */
final class DropCounter {

    static final long REPORT_INTERVAL = TimeUnit.SECONDS.toNanos(10);

    private final System.Logger log;
    private final LongAdder total = new LongAdder();
    private final LongAdder unreported = new LongAdder();
    private boolean reportedBefore;
    private long lastReportNanos;

    DropCounter(System.Logger log) {
        this.log = log;
    }

    void count() {
        total.increment();
        unreported.increment();
    }

    /** @return records dropped since the component was activated */
    long total() {
        return total.sum();
    }

    /** Logs the drops since the last report, unless the last report is less than the interval old. */
    void reportIfDue(long nowNanos) {
        if (reportedBefore && nowNanos - lastReportNanos < REPORT_INTERVAL) {
            return;
        }
        long dropped = unreported.sumThenReset();
        if (dropped > 0) {
            log.log(Level.WARNING, "Access log queue full: dropped " + dropped + " records"
                    + (reportedBefore ? " since the last report" : ""));
            reportedBefore = true;
            lastReportNanos = nowNanos;
        }
    }

    /** Logs what is left unreported, whatever the interval; for shutdown. */
    void reportRemaining() {
        long dropped = unreported.sumThenReset();
        if (dropped > 0) {
            log.log(Level.WARNING, "Access log queue full: dropped " + dropped + " records before stopping");
        }
    }
}
