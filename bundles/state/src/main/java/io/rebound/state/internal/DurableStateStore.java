package io.rebound.state.internal;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.rebound.state.api.Journal;
import io.rebound.state.api.StateMap;
import io.rebound.state.api.StateStore;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link StateStore} service over one H2 MVStore file, {@code <rebound.data>/state/rebound.mv}. Activation
 * opens (recovers) the file; a thread of its own, {@value #THREAD_NAME}, commits for every writer (see
 * {@link OpenStore}, {@link Committer}).
 */
@Component(name = DurableStateStore.PID, configurationPid = DurableStateStore.PID, immediate = true,
        service = StateStore.class)
@Designate(ocd = StateConfig.class)
public final class DurableStateStore implements StateStore, Committer.Store {

    static final String PID = "io.rebound.state";
    static final String THREAD_NAME = "rebound-state-committer";
    static final long STOP_TIMEOUT_MILLIS = 10_000;

    private static final System.Logger LOG = System.getLogger("io.rebound.state");

    private final Path file;
    private final int cacheMegabytes;
    private final boolean fsync;
    private final long commitTimeoutNanos;
    private final Committer committer;
    private final Thread thread;
    private final Map<String, StoredMap> maps = new ConcurrentHashMap<>();
    private final Map<String, StoredJournal> journals = new ConcurrentHashMap<>();
    private volatile OpenStore current;

    @Activate
    public DurableStateStore(BundleContext context, StateConfig config) {
        this(StoreLocation.file(context.getProperty(StoreLocation.DATA_PROPERTY)), config.fsync(),
                config.commit_timeout_millis(), config.cache_size_mb(),
                TimeUnit.SECONDS.toMillis(config.housekeeping_interval_seconds()));
    }

    /** @throws IllegalArgumentException for a bad setting; {@link io.rebound.state.api.StateException} for a bad file */
    DurableStateStore(Path file, boolean fsync, long commitTimeoutMillis, int cacheMegabytes, long housekeepingMillis) {
        if (commitTimeoutMillis < 1) {
            throw new IllegalArgumentException("commit.timeout.millis must be at least 1, not " + commitTimeoutMillis);
        }
        if (cacheMegabytes < 1) {
            throw new IllegalArgumentException("cache.size.mb must be at least 1, not " + cacheMegabytes);
        }
        if (housekeepingMillis < 1) {
            throw new IllegalArgumentException("housekeeping.interval.seconds must be at least 1");
        }
        this.file = file;
        this.cacheMegabytes = cacheMegabytes;
        this.commitTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(commitTimeoutMillis);
        long start = System.nanoTime();
        this.fsync = fsync;
        this.current = OpenStore.open(file, cacheMegabytes, fsync);
        LOG.log(Level.INFO, "state store " + file + " open (recovered) in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms; "
                + (fsync ? "a change returns once forced to the disk (fsync)"
                        : "a change returns once written to the OS (no fsync: survives kills, not power loss)"));
        this.committer = new Committer(this, fsync, housekeepingMillis, LOG);
        this.thread = new Thread(committer, THREAD_NAME);
        // A daemon, so a committer stuck in a dead disk cannot keep the JVM alive; deactivation still waits for it.
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() {
        committer.stop();
        boolean interrupted = false;
        try {
            thread.join(STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (thread.isAlive()) {
            // Closing would wait for the stuck commit's lock; nothing acknowledged is lost by not closing.
            LOG.log(Level.ERROR, "state committer still busy after " + STOP_TIMEOUT_MILLIS + " ms; abandoning "
                    + file + " without closing it");
        } else {
            try {
                current.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing the state store " + file + " failed (nothing acknowledged is lost;"
                        + " the next start recovers): " + e);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops committing and drops the open file without writing anything more: what a kill leaves behind. For crash
     * tests in one JVM, where the file lock must be let go before the store is opened again.
     */
    void halt() {
        committer.stop();
        try {
            thread.join(STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        current.kill(new io.rebound.state.api.StateException("halted"));
    }

    @Override
    public StateMap map(String name) {
        return maps.computeIfAbsent(Names.check("map", name), n -> new StoredMap(n, this));
    }

    @Override
    public Journal journal(String name) {
        return journals.computeIfAbsent(Names.check("journal", name), n -> new StoredJournal(n, this));
    }

    @Override
    public OpenStore current() {
        return current;
    }

    @Override
    public void reopen() {
        current = OpenStore.open(file, cacheMegabytes, fsync);
    }

    /** @return group commits so far; for tests and benchmarks */
    long commits() {
        return committer.commits();
    }

    long commitTimeoutNanos() {
        return commitTimeoutNanos;
    }
}
