package io.rebound.accesslog.internal;

import java.io.IOException;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The log file, appended to through a buffer. A write error (disk full, file system gone read-only) must not end
 * access logging for good, so the file is closed, the failure logged once, and reopening is retried at most once
 * per {@link #RETRY_INTERVAL}; lines that arrive meanwhile are counted as lost and reported on recovery.
 *
 * <p>Used by the writer thread only, apart from {@link #open()} during activation.
 */
final class AccessLogFile {

    static final long RETRY_INTERVAL = TimeUnit.SECONDS.toNanos(1);

    /** Opens the writer for a path; a seam so tests can make writes fail on demand. */
    @FunctionalInterface
    interface Opener {
        Writer open(Path path) throws IOException;
    }

    private final Path path;
    private final System.Logger log;
    private final Opener opener;
    private Writer out;
    private long failedAtNanos;
    private long lostLines;

    AccessLogFile(Path path, System.Logger log) {
        this(path, log, AccessLogFile::openForAppend);
    }

    AccessLogFile(Path path, System.Logger log, Opener opener) {
        this.path = path;
        this.log = log;
        this.opener = opener;
    }

    private static Writer openForAppend(Path path) throws IOException {
        return Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    Path path() {
        return path;
    }

    /** Opens the file for appending, creating it if needed. */
    void open() throws IOException {
        out = opener.open(path);
    }

    /** Appends {@code lines}, each followed by a newline; counts them as lost while the file is unusable. */
    void write(List<String> lines, long nowNanos) {
        if (out == null && !reopen(nowNanos)) {
            lostLines += lines.size();
            return;
        }
        try {
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        } catch (IOException e) {
            // Some of these may have reached the buffer or the disk; count them all, an upper bound is honest.
            lostLines += lines.size();
            fail(e, nowNanos);
        }
    }

    void flush(long nowNanos) {
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            fail(e, nowNanos);
        }
    }

    /** Flushes and closes; the file can be reopened later by {@link #write}. */
    void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            log.log(Level.WARNING, "Closing access log " + path + " failed, buffered lines may be lost: " + e);
        }
        out = null;
        if (lostLines > 0) {
            log.log(Level.WARNING, "Access log " + path + " lost " + lostLines + " lines to write errors");
            lostLines = 0;
        }
    }

    private void fail(IOException e, long nowNanos) {
        log.log(Level.WARNING, "Writing access log " + path + " failed, retrying every "
                + TimeUnit.NANOSECONDS.toMillis(RETRY_INTERVAL) + " ms: " + e);
        try {
            out.close();
        } catch (IOException ignored) {
            // Already failing: the first error is the one worth reporting.
        }
        out = null;
        failedAtNanos = nowNanos;
    }

    private boolean reopen(long nowNanos) {
        if (nowNanos - failedAtNanos < RETRY_INTERVAL) {
            return false;
        }
        try {
            open();
        } catch (IOException e) {
            // Still broken: stay quiet, the failure was logged when it began.
            failedAtNanos = nowNanos;
            return false;
        }
        log.log(Level.INFO, "Access log " + path + " writable again; " + lostLines + " lines were lost meanwhile");
        lostLines = 0;
        return true;
    }
}
