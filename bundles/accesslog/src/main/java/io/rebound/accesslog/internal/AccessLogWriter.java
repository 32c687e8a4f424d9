package io.rebound.accesslog.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.rebound.recovery.api.Call;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.recovery.api.Supervision;
import io.rebound.state.api.QueuedAccessRecord;
import io.rebound.state.api.RecordQueue;

/**
 * The loop that drains the access-log queue into the log file, in batches, so one slow disk write costs one syscall
 * per batch rather than one per request.
 *
 * <p>The queue is not ours: it lives in the state bundle, which is never rebooted, and producers (the connector,
 * through the state bundle's {@code AccessLog} service) go on filling it while this component is down. Each batch is
 * <em>peeked</em>, written, and only then removed, so a writer that dies in between leaves its batch to the next
 * instance: a crash of the writer loses no record.
 *
 * <p>Each turn of the loop after its wait for records is a supervised {@link Call}: a turn stuck in the disk (or in
 * an injected hang) makes no progress and is taken for a hang, while a writer idly waiting is not. Whatever escapes
 * a turn ends the thread; the supervisor learns of it as the thread's crash.
 */
final class AccessLogWriter implements Runnable {

    private static final int BATCH = 512;
    // How often an idle writer wakes up to report drops and retry a broken file.
    private static final long IDLE_POLL_MILLIS = 1000;
    // After a batch that emptied the queue, how long records gather before the next one is taken. Without it a busy
    // server wakes the writer for nearly every request (a futex round trip each time, for both sides); with it the
    // writer wakes at most every few milliseconds, and a line reaches the file that much later.
    private static final long GATHER_MILLIS = 5;

    private final RecordQueue queue;
    private final CombinedLogFormat format;
    private final AccessLogFile file;
    private final DropCounter drops;
    private final System.Logger log;
    private final long flushIntervalNanos;
    private final long pollMillis;
    private final FaultSwitch faults;
    private final Supplier<Supervision> supervision;
    private volatile boolean stopping;
    private final CountDownLatch stopSignal = new CountDownLatch(1);

    AccessLogWriter(RecordQueue queue, long flushIntervalMillis, CombinedLogFormat format, AccessLogFile file,
            System.Logger log) {
        this(queue, flushIntervalMillis, format, file, log, new FaultSwitch("accesslog", true, 0), () -> null);
    }

    /**
     * @param faults injected faults strike once per turn of {@link #run}
     * @param supervision the supervisor at this moment, or {@code null}
     */
    AccessLogWriter(RecordQueue queue, long flushIntervalMillis, CombinedLogFormat format, AccessLogFile file,
            System.Logger log, FaultSwitch faults, Supplier<Supervision> supervision) {
        this.queue = queue;
        this.faults = faults;
        this.supervision = supervision;
        this.format = format;
        this.file = file;
        this.log = log;
        this.drops = new DropCounter(log, queue.dropped());
        this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(flushIntervalMillis);
        this.pollMillis = Math.min(flushIntervalMillis, IDLE_POLL_MILLIS);
    }

    /**
     * Lets {@link #run} end once the records queued now are written; records that arrive later stay queued for the
     * next writer.
     */
    void stop() {
        stopping = true;
        stopSignal.countDown();
        queue.wake();
    }

    /** @return records the queue refused since this writer was made */
    long dropped() {
        return queue.dropped() - drops.baseline();
    }

    int queued() {
        return queue.size();
    }

    @Override
    public void run() {
        List<String> lines = new ArrayList<>(BATCH);
        long lastFlush = System.nanoTime();
        boolean unflushed = false;
        // Once stopping: how many records are still to write (those queued when the stop was seen).
        int owedAtStop = -1;
        try {
            while (owedAtStop != 0) {
                if (stopping && owedAtStop < 0) {
                    owedAtStop = queue.size();
                    if (owedAtStop == 0) {
                        break;
                    }
                }
                // Waiting for records is outside the call: an idle writer is not a hung one.
                List<String> batch = queue.peek(owedAtStop > 0 ? Math.min(BATCH, owedAtStop) : BATCH,
                        stopping ? 0 : pollMillis, TimeUnit.MILLISECONDS);
                Supervision s = supervision.get();
                Call call = s == null ? Call.NONE : s.enter(this);
                try {
                    // An injected crash or exception is meant to end this thread: nothing below catches it. It
                    // strikes before the batch is written, so the batch stays queued for the next writer.
                    faults.onTurn();
                    faults.onCall();
                    long now = System.nanoTime();
                    if (!batch.isEmpty()) {
                        unflushed |= write(batch, lines, now);
                        queue.remove(batch.size());
                        if (owedAtStop > 0) {
                            owedAtStop = Math.max(0, owedAtStop - batch.size());
                        }
                    }
                    if (unflushed && (owedAtStop >= 0 || queue.size() == 0 || now - lastFlush >= flushIntervalNanos)) {
                        file.flush(now);
                        lastFlush = now;
                        unflushed = false;
                    }
                    drops.update(queue.dropped(), now);
                } finally {
                    call.close();
                }
                if (!batch.isEmpty() && batch.size() < BATCH && !stopping) {
                    stopSignal.await(GATHER_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            // Deactivation ran out of patience (the disk is hanging): what is queued stays for the next writer.
            log.log(Level.WARNING, "Access log writer interrupted; " + queue.size()
                    + " queued records left for the next writer");
        } catch (RuntimeException | Error e) {
            // Must not die silently: the log would stop with nobody knowing why.
            log.log(Level.ERROR, "Access log writer failed; " + queue.size()
                    + " queued records left for the next writer: " + e);
            throw e;
        } finally {
            file.close();
            drops.reportRemaining(queue.dropped());
        }
    }

    private boolean write(List<String> batch, List<String> lines, long now) {
        for (String queued : batch) {
            try {
                lines.add(format.format(QueuedAccessRecord.decode(queued)));
            } catch (RuntimeException e) {
                // One bad record (a timestamp out of range, say) must not cost the rest of the batch.
                log.log(Level.WARNING, "Skipping access record that cannot be formatted: " + queued + ": " + e);
            }
        }
        if (lines.isEmpty()) {
            return false;
        }
        file.write(lines, now);
        lines.clear();
        return true;
    }
}
