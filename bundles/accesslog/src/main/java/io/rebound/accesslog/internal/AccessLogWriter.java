package io.rebound.accesslog.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.rebound.http.spi.AccessRecord;
import io.rebound.recovery.api.Call;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.recovery.api.Supervision;

/**
 * The queue between request threads and the log file, and the loop that drains it. Request threads only ever
 * {@link #offer} (which never waits); the writer thread formats and writes in batches, so one slow disk write
 * costs one syscall per batch rather than one per request.
 *
 * <p>Each turn of the loop after its wait for records is a supervised {@link Call}: a turn stuck in the disk (or in
 * an injected hang) makes no progress and is taken for a hang, while a writer idly waiting is not. Whatever escapes
 * a turn ends the thread; the supervisor learns of it as the thread's crash.
 */
final class AccessLogWriter implements Runnable {

    private static final int BATCH = 512;
    // How often an idle writer wakes up to report drops and retry a broken file.
    private static final long IDLE_POLL_MILLIS = 1000;

    private final BlockingQueue<AccessRecord> queue;
    // Queued by stop() to wake a writer waiting on an empty queue; recognised by identity, never written.
    private final AccessRecord wakeUp = new AccessRecord(null, 0, null, null, null, 0, 0, null, null, 0);
    private final CombinedLogFormat format;
    private final AccessLogFile file;
    private final DropCounter drops;
    private final System.Logger log;
    private final long flushIntervalNanos;
    private final long pollMillis;
    private final FaultSwitch faults;
    private final Supplier<Supervision> supervision;
    private volatile boolean stopping;

    AccessLogWriter(int capacity, long flushIntervalMillis, CombinedLogFormat format, AccessLogFile file,
            System.Logger log) {
        this(capacity, flushIntervalMillis, format, file, log, new FaultSwitch("accesslog", true, 0), () -> null);
    }

    /**
     * @param faults injected faults strike once per turn of {@link #run}
     * @param supervision the supervisor at this moment, or {@code null}
     */
    AccessLogWriter(int capacity, long flushIntervalMillis, CombinedLogFormat format, AccessLogFile file,
            System.Logger log, FaultSwitch faults, Supplier<Supervision> supervision) {
        this.faults = faults;
        this.supervision = supervision;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.format = format;
        this.file = file;
        this.log = log;
        this.drops = new DropCounter(log);
        this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(flushIntervalMillis);
        this.pollMillis = Math.min(flushIntervalMillis, IDLE_POLL_MILLIS);
    }

    /** Queues {@code record} if there is room; counts it as dropped otherwise. Never blocks. */
    void offer(AccessRecord record) {
        if (stopping) {
            return;
        }
        if (!queue.offer(record)) {
            drops.count();
        }
    }

    /** Stops accepting records and lets {@link #run} end once everything queued is written. */
    void stop() {
        stopping = true;
        // If the queue is full the writer is busy and will see the flag; otherwise this wakes it up.
        queue.offer(wakeUp);
    }

    long dropped() {
        return drops.total();
    }

    int queued() {
        return queue.size();
    }

    @Override
    public void run() {
        List<AccessRecord> batch = new ArrayList<>(BATCH);
        List<String> lines = new ArrayList<>(BATCH);
        long lastFlush = System.nanoTime();
        boolean unflushed = false;
        try {
            while (!stopping || !queue.isEmpty()) {
                // Waiting for records is outside the call: an idle writer is not a hung one.
                AccessRecord first = queue.poll(pollMillis, TimeUnit.MILLISECONDS);
                Supervision s = supervision.get();
                Call call = s == null ? Call.NONE : s.enter(this);
                try {
                    // An injected crash or exception is meant to end this thread: nothing below catches it.
                    faults.onTurn();
                    long now = System.nanoTime();
                    if (first != null) {
                        batch.add(first);
                        queue.drainTo(batch, BATCH - 1);
                        unflushed |= write(batch, lines, now);
                    }
                    if (unflushed && (queue.isEmpty() || now - lastFlush >= flushIntervalNanos)) {
                        file.flush(now);
                        lastFlush = now;
                        unflushed = false;
                    }
                    drops.reportIfDue(now);
                } finally {
                    call.close();
                }
            }
        } catch (InterruptedException e) {
            // Deactivation ran out of patience (the disk is hanging): give up on what is still queued.
            log.log(Level.WARNING, "Access log writer interrupted, " + queue.size() + " queued records not written");
        } catch (RuntimeException | Error e) {
            // Must not die silently: the log would stop with nobody knowing why.
            log.log(Level.ERROR, "Access log writer failed, " + queue.size() + " queued records not written: " + e);
            throw e;
        } finally {
            file.close();
            drops.reportRemaining();
        }
    }

    private boolean write(List<AccessRecord> batch, List<String> lines, long now) {
        for (AccessRecord r : batch) {
            if (r == wakeUp) {
                continue;
            }
            try {
                lines.add(format.format(r));
            } catch (RuntimeException e) {
                // One unformattable record (a timestamp out of range, say) must not cost the rest of the batch.
                log.log(Level.WARNING, "Skipping access record that cannot be formatted: " + r + ": " + e);
            }
        }
        batch.clear();
        if (lines.isEmpty()) {
            return false;
        }
        file.write(lines, now);
        lines.clear();
        return true;
    }
}
