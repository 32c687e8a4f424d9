package io.rebound.accesslog.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.rebound.recovery.api.ConfigProperties;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.recovery.api.InvalidConfigurationException;
import io.rebound.recovery.api.FaultTarget;
import io.rebound.recovery.api.Supervision;
import io.rebound.state.api.RecordQueue;
import io.rebound.state.api.RecordQueues;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Writes one Combined Log Format line per response to {@code <rebound.data>/logs/access.log}.
 *
 * <p>Records reach it through the access-log queue ({@link RecordQueues#ACCESS_LOG}) of the state bundle: the
 * connector logs to the state bundle's {@code AccessLog} service, which only queues, and a thread of ours does the
 * file I/O. The queue and its producer live in a bundle that is never rebooted, so responses served while this
 * component crashes and is microrebooted are still queued, and the next instance writes them: the log loses no line
 * to a reboot. When the disk falls behind the queue refuses records and counts them; the writer reports the count.
 *
 * <p>The writer thread is made by the supervisor's thread factory when one is present, so its death is reported as a
 * crash of this component, and each turn of its loop that works (not its wait for records) is a supervised call,
 * so a turn stuck on a dead disk is seen as a hang. With fault injection ({@code rebound.faults=true}) the
 * component offers its {@link FaultSwitch} as a {@link FaultTarget}; injected faults strike in the writer thread's
 * turns (its only calls).
 */
// Immediate and providing no service: it consumes the queue and serves nobody.
@Component(name = AccessLogComponent.PID, service = {}, configurationPid = AccessLogComponent.PID,
        immediate = true)
@Designate(ocd = AccessLogConfig.class)
public class AccessLogComponent {

    static final String PID = "io.rebound.accesslog";
    static final String DATA_PROPERTY = "rebound.data";
    static final String THREAD_NAME = "rebound-accesslog-writer";
    static final int MAX_QUEUE_CAPACITY = 16_777_216;
    static final long MAX_FLUSH_INTERVAL_MILLIS = TimeUnit.HOURS.toMillis(1);
    static final long FAULT_SLOW_MILLIS = 2000;

    private final System.Logger log;
    private final long stopTimeoutMillis;
    // SCR makes a new instance for every activation, so a switch made with the instance lives exactly as long as
    // one activation; being final keeps log() at the switch's own volatile reads.
    private final FaultSwitch faults;
    private volatile AccessLogWriter writer;
    private Thread thread;

    // Static and mandatory: without the queue there is nothing to write. Its bundle is never rebooted.
    @Reference
    RecordQueues queues;

    // Optional: the recovery bundle can be rebooted too, and logging must go on meanwhile.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Supervision supervision;

    public AccessLogComponent() {
        this(System.getLogger(PID), TimeUnit.SECONDS.toMillis(5));
    }

    AccessLogComponent(System.Logger log, long stopTimeoutMillis) {
        this(log, stopTimeoutMillis, new FaultSwitch("accesslog", true, FAULT_SLOW_MILLIS));
    }

    AccessLogComponent(System.Logger log, long stopTimeoutMillis, FaultSwitch faults) {
        this.log = log;
        this.stopTimeoutMillis = stopTimeoutMillis;
        this.faults = faults;
    }

    /** @param properties configured as {@link AccessLogConfig} declares */
    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        ConfigProperties config = new ConfigProperties(PID, properties);
        int capacity = config.intValue("queue.capacity", AccessLogConfig.QUEUE_CAPACITY);
        if (capacity < 1 || capacity > MAX_QUEUE_CAPACITY) {
            throw new InvalidConfigurationException(PID, "queue.capacity must be between 1 and " + MAX_QUEUE_CAPACITY
                    + ", not " + capacity);
        }
        long flushMillis = config.longValue("flush.interval.millis", AccessLogConfig.FLUSH_INTERVAL_MILLIS);
        if (flushMillis < 1 || flushMillis > MAX_FLUSH_INTERVAL_MILLIS) {
            throw new InvalidConfigurationException(PID, "flush.interval.millis must be between 1 and "
                    + MAX_FLUSH_INTERVAL_MILLIS + ", not " + flushMillis);
        }
        Path file = logsDirectory(context.getProperty(DATA_PROPERTY)).resolve("access.log");
        start(new AccessLogFile(file, log), queues.queue(RecordQueues.ACCESS_LOG, capacity), flushMillis);
        // Last, so a failed activation leaves no service behind.
        boolean faultsOn;
        try {
            faultsOn = faults.offer(context);
        } catch (RuntimeException e) {
            // SCR does not deactivate a component whose activation failed: stop the writer ourselves.
            deactivate();
            throw e;
        }
        if (faultsOn) {
            log.log(Level.INFO, "access log accepting injected faults");
        }
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

    /** Opens {@code logFile} for appending and starts the writer thread on {@code queue}. */
    void start(AccessLogFile logFile, RecordQueue queue, long flushIntervalMillis) {
        try {
            logFile.open();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open access log " + logFile.path() + " for appending: " + e, e);
        }
        AccessLogWriter w = new AccessLogWriter(queue, flushIntervalMillis,
                new CombinedLogFormat(ZoneId.systemDefault()), logFile, log, faults, () -> supervision);
        Thread t = newWriterThread(w);
        // A daemon so a writer stuck on a dead disk can never keep the JVM alive; deactivate still waits for it.
        t.setDaemon(true);
        thread = t;
        writer = w;
        t.start();
    }

    /**
     * Through the supervisor's factory when there is one, so the writer's death is blamed on this component by the
     * thread itself; the factory numbers its threads, but the name stays the one operators know.
     */
    private Thread newWriterThread(Runnable w) {
        Supervision s = supervision;
        ThreadFactory factory = s == null ? null : s.threadFactory(this, THREAD_NAME);
        Thread t = factory == null ? null : factory.newThread(w);
        if (t == null) {
            return new Thread(w, THREAD_NAME);
        }
        t.setName(THREAD_NAME);
        return t;
    }

    /** @return the writer thread, or {@code null} when not active; for tests */
    Thread writerThread() {
        return thread;
    }

    /** @return records the queue refused because it was full, since activation */
    long dropped() {
        AccessLogWriter w = writer;
        return w == null ? 0 : w.dropped();
    }

    @Deactivate
    void deactivate() {
        AccessLogWriter w = writer;
        Thread t = thread;
        if (w != null) {
            w.stop();
        }
        // Ends injected faults with this instance, as a reboot ends real ones; before the join, so a writer held by
        // an injected hang is released at once rather than after the stop timeout.
        faults.close();
        if (w == null) {
            return;
        }
        boolean interrupted = false;
        try {
            t.join(stopTimeoutMillis);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (t.isAlive()) {
            log.log(Level.WARNING, "Access log writer did not finish within " + stopTimeoutMillis
                    + " ms, interrupting it; " + w.queued() + " queued records stay for the next writer");
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
