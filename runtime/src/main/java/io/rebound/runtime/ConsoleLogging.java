package io.rebound.runtime;

import java.io.PrintStream;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends java.util.logging, and with it every bundle's {@code System.Logger}, to stderr as one line per record
 * ({@link LineFormatter}), at INFO and above. Left alone when the user configured logging with
 * {@code -Djava.util.logging.config.file} or {@code .class}.
 */
final class ConsoleLogging {

    private ConsoleLogging() {
    }

    static void install(PrintStream stderr) {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
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
