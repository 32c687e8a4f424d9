package io.rebound.runtime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * Writes log lines to a file, rotating it the way logrotate does: the live file keeps its name ({@code rebound.log},
 * what an operator tails), older ones become {@code rebound.log.1} (newest) up to {@code .N-1}, the oldest is
 * dropped. Unlike JUL's FileHandler the live file is never renamed to {@code .0} and no lock file is left beside it
 * (the data directory lock already keeps a second server out). Each record is flushed at once, as on stderr: a crash
 * must not lose the last lines.
 */
final class RotatingFileHandler extends Handler {

    private final Path file;
    private final long limitBytes;
    private final int count;
    private OutputStream out;
    private long written;

    /**
     * @param limitBytes the size after which the file rotates
     * @param count how many files to keep, the live one included (at least 1)
     */
    RotatingFileHandler(Path file, long limitBytes, int count) throws IOException {
        if (limitBytes < 1 || count < 1) {
            throw new IllegalArgumentException("limit and count must be positive");
        }
        this.file = file;
        this.limitBytes = limitBytes;
        this.count = count;
        Files.createDirectories(file.getParent());
        open();
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (out == null || !isLoggable(record)) {
            return;
        }
        byte[] line;
        try {
            line = getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        try {
            if (written > 0 && written + line.length > limitBytes) {
                rotate();
            }
            out.write(line);
            out.flush();
            written += line.length;
        } catch (IOException e) {
            reportError("cannot write " + file, e, ErrorManager.WRITE_FAILURE);
        }
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE));
        written = Files.size(file);
    }

    private void rotate() throws IOException {
        out.close();
        out = null;
        if (count == 1) {
            Files.delete(file);
        } else {
            Files.deleteIfExists(numbered(count - 1));
            for (int i = count - 2; i >= 1; i--) {
                if (Files.exists(numbered(i))) {
                    Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path numbered(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    @Override
    public synchronized void flush() {
        try {
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            reportError("cannot flush " + file, e, ErrorManager.FLUSH_FAILURE);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            reportError("cannot close " + file, e, ErrorManager.CLOSE_FAILURE);
        } finally {
            out = null;
        }
    }
}
