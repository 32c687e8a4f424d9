package io.rebound.accesslog.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

import io.rebound.http.spi.AccessLog;
import io.rebound.http.spi.AccessRecord;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Writes one Combined Log Format line per response to {@code <rebound.data>/logs/access.log}.
 *
 * <p>The connector calls {@link #log} on its request path, so logging is a non-blocking offer to a bounded queue;
 * a thread of our own does the file I/O. When the disk falls behind, records are dropped and counted rather than
 * slowing down requests.
 */
// Immediate: a delayed component would be disposed whenever its last user (the connector) reboots, so a reboot
// of one bundle would restart components in another.
@Component(name = "io.rebound.accesslog", service = AccessLog.class, configurationPid = "io.rebound.accesslog",
        immediate = true)
@Designate(ocd = AccessLogConfig.class)
public class AccessLogComponent implements AccessLog {

    static final String DATA_PROPERTY = "rebound.data";
    static final String THREAD_NAME = "rebound-accesslog-writer";
    static final int MAX_QUEUE_CAPACITY = 16_777_216;
    static final long MAX_FLUSH_INTERVAL_MILLIS = TimeUnit.HOURS.toMillis(1);

    private final System.Logger log;
    private final long stopTimeoutMillis;
    private volatile AccessLogWriter writer;
    private Thread thread;

    public AccessLogComponent() {
        this(System.getLogger("io.rebound.accesslog"), TimeUnit.SECONDS.toMillis(5));
    }

    AccessLogComponent(System.Logger log, long stopTimeoutMillis) {
        this.log = log;
        this.stopTimeoutMillis = stopTimeoutMillis;
    }

    @Activate
    void activate(BundleContext context, AccessLogConfig config) {
        int capacity = config.queue_capacity();
        if (capacity < 1 || capacity > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("queue.capacity must be between 1 and " + MAX_QUEUE_CAPACITY
                    + ", not " + capacity);
        }
        long flushMillis = config.flush_interval_millis();
        if (flushMillis < 1 || flushMillis > MAX_FLUSH_INTERVAL_MILLIS) {
            throw new IllegalArgumentException("flush.interval.millis must be between 1 and "
                    + MAX_FLUSH_INTERVAL_MILLIS + ", not " + flushMillis);
        }
        start(logsDirectory(context.getProperty(DATA_PROPERTY)).resolve("access.log"), capacity, flushMillis);
    }

    /** @return {@code <data>/logs}, created if missing */
    static Path logsDirectory(String dataProperty) {
        if (dataProperty == null || dataProperty.isBlank()) {
            throw new IllegalStateException("Framework property " + DATA_PROPERTY
                    + " is not set: the access log has nowhere to go");
        }
        Path data;
        try {
            data = Path.of(dataProperty);
        } catch (InvalidPathException e) {
            throw new IllegalStateException(DATA_PROPERTY + " \"" + dataProperty + "\" is not a valid path: "
                    + e.getMessage(), e);
        }
        if (!Files.isDirectory(data)) {
            throw new IllegalStateException(DATA_PROPERTY + " " + data + " is not a directory");
        }
        Path logs = data.resolve("logs");
        try {
            return Files.createDirectories(logs);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create access log directory " + logs + ": " + e, e);
        }
    }

    /** Opens {@code file} for appending and starts the writer thread. */
    void start(Path file, int capacity, long flushIntervalMillis) {
        AccessLogFile logFile = new AccessLogFile(file, log);
        try {
            logFile.open();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open access log " + file + " for appending: " + e, e);
        }
        AccessLogWriter w = new AccessLogWriter(capacity, flushIntervalMillis,
                new CombinedLogFormat(ZoneId.systemDefault()), logFile, log);
        Thread t = new Thread(w, THREAD_NAME);
        // A daemon so a writer stuck on a dead disk can never keep the JVM alive; deactivate still waits for it.
        t.setDaemon(true);
        thread = t;
        writer = w;
        t.start();
    }

    @Override
    public void log(AccessRecord record) {
        AccessLogWriter w = writer;
        if (w != null) {
            w.offer(record);
        }
    }

    /** @return records dropped because the queue was full, since activation */
    long dropped() {
        AccessLogWriter w = writer;
        return w == null ? 0 : w.dropped();
    }

    @Deactivate
    void deactivate() {
        AccessLogWriter w = writer;
        Thread t = thread;
        if (w == null) {
            return;
        }
        w.stop();
        boolean interrupted = false;
        try {
            t.join(stopTimeoutMillis);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (t.isAlive()) {
            log.log(Level.WARNING, "Access log writer did not finish within " + stopTimeoutMillis
                    + " ms, interrupting it with " + w.queued() + " records still queued");
            t.interrupt();
            interrupted |= joinUninterruptibly(t, stopTimeoutMillis);
            if (t.isAlive()) {
                log.log(Level.ERROR, "Access log writer still alive after interrupt; abandoning it");
            }
        }
        writer = null;
        thread = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return whether this thread was interrupted while waiting (the flag is cleared meanwhile) */
    private static boolean joinUninterruptibly(Thread t, long timeoutMillis) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long remaining;
        while (t.isAlive() && (remaining = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.timedJoin(t, remaining);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }
}
