package io.rebound.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Formats a log record as one line, {@code 2026-11-23T08:00:00.123Z LEVEL logger: message}, so that logs can be
 * grepped and shipped line by line. A throwable follows on the next lines only at WARNING and above; below that,
 * its one-line description is appended in parentheses.
 */
final class LineFormatter extends Formatter {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160);
        line.append(TIMESTAMP.format(record.getInstant())).append(' ')
                .append(levelName(record.getLevel())).append(' ')
                .append(record.getLoggerName() == null ? "-" : record.getLoggerName()).append(": ")
                .append(oneLine(formatMessage(record)));
        Throwable thrown = record.getThrown();
        if (thrown != null && record.getLevel().intValue() >= Level.WARNING.intValue()) {
            StringWriter trace = new StringWriter();
            try (PrintWriter writer = new PrintWriter(trace)) {
                writer.println();
                thrown.printStackTrace(writer);
            }
            return line.append(trace).toString();
        }
        if (thrown != null) {
            line.append(" (").append(oneLine(thrown.toString())).append(')');
        }
        return line.append(System.lineSeparator()).toString();
    }

    /**
     * Names levels as {@link System.Logger.Level} does, since the bundles log through {@code System.Logger}: its
     * ERROR arrives here as SEVERE, DEBUG as FINE, TRACE as FINER.
     */
    static String levelName(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARNING";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO";
        }
        if (value >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }

    /** Keeps one record on one line: a line break in a message would look like the start of another record. */
    static String oneLine(String text) {
        if (text == null) {
            return "null";
        }
        return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    }
}
