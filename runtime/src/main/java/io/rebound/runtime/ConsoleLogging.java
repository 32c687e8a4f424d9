package io.rebound.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends java.util.logging, and with it every bundle's {@code System.Logger}, to stderr as one line per record
 * ({@link LineFormatter}), at INFO and above, and once the data directory is known also to
 * {@code <data>/logs/rebound.log}, rotated. Left alone when the user configured logging with
 * {@code -Djava.util.logging.config.file} or {@code .class}.
 */
final class ConsoleLogging {

    /** The log file's name under {@code <data>/logs/}. */
    static final String FILE = "rebound.log";
    /** Size at which the log file rotates. */
    static final long FILE_LIMIT_BYTES = 10L * 1024 * 1024;
    /** Log files kept, the live one included. */
    static final int FILE_COUNT = 5;

    private ConsoleLogging() {
    }

    private static boolean userConfigured() {
        return System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null;
    }

    /**
     * Adds the rotating {@code <logs>/rebound.log}, same line format as stderr.
     *
     * @throws IOException when the directory or file cannot be created or opened
     */
    static void addFile(Path logs) throws IOException {
        if (userConfigured()) {
            return;
        }
        Handler handler = new RotatingFileHandler(logs.resolve(FILE), FILE_LIMIT_BYTES, FILE_COUNT);
        handler.setFormatter(new LineFormatter());
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
    }

    static void install(PrintStream stderr) {
        if (userConfigured()) {
            return;
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        Handler handler = new LineHandler(stderr);
        handler.setFormatter(new LineFormatter());
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    /**
     * Writes and flushes each record at once: a crash must not lose the last lines. Unlike a StreamHandler it
     * never closes the stream, which is stderr, when the LogManager resets at exit.
     */
    private static final class LineHandler extends Handler {

        private final PrintStream out;

        LineHandler(PrintStream out) {
            this.out = out;
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            String line;
            try {
                line = getFormatter().format(record);
            } catch (RuntimeException e) {
                reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
                return;
            }
            out.print(line);
            out.flush();
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
