package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class LineFormatterTest {

    private static final String NL = System.lineSeparator();

    private static LogRecord record(Level level, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setInstant(Instant.parse("2026-11-23T08:00:00.123456Z"));
        record.setLoggerName("io.rebound.files");
        record.setThrown(thrown);
        return record;
    }

    @Test
    void oneLinePerRecord() {
        assertEquals("2026-11-23T08:00:00.123Z INFO io.rebound.files: serving /srv" + NL,
                new LineFormatter().format(record(Level.INFO, "serving /srv", null)));
    }

    @Test
    void millisecondsAreAlwaysThreeDigits() {
        LogRecord record = record(Level.INFO, "x", null);
        record.setInstant(Instant.parse("2026-01-02T03:04:05Z"));
        assertTrue(new LineFormatter().format(record).startsWith("2026-01-02T03:04:05.000Z INFO "));
    }

    @Test
    void levelsAreNamedLikeSystemLogger() {
        assertEquals("ERROR", LineFormatter.levelName(Level.SEVERE));
        assertEquals("WARNING", LineFormatter.levelName(Level.WARNING));
        assertEquals("INFO", LineFormatter.levelName(Level.INFO));
        assertEquals("DEBUG", LineFormatter.levelName(Level.CONFIG));
        assertEquals("DEBUG", LineFormatter.levelName(Level.FINE));
        assertEquals("TRACE", LineFormatter.levelName(Level.FINER));
        assertEquals("TRACE", LineFormatter.levelName(Level.FINEST));
    }

    @Test
    void lineBreaksInTheMessageAreEscaped() {
        assertEquals("2026-11-23T08:00:00.123Z WARNING io.rebound.files: a\\nb\\nc" + NL,
                new LineFormatter().format(record(Level.WARNING, "a\nb\r\nc", null)));
    }

    @Test
    void parametersAreFormatted() {
        LogRecord record = record(Level.INFO, "port {0}", null);
        record.setParameters(new Object[] { "8080" });
        assertTrue(new LineFormatter().format(record).endsWith("io.rebound.files: port 8080" + NL));
    }

    @Test
    void stackTraceFollowsAtWarningAndAbove() {
        String text = new LineFormatter().format(record(Level.SEVERE, "write failed", new IOException("disk full")));
        String[] lines = text.split(NL);
        assertEquals("2026-11-23T08:00:00.123Z ERROR io.rebound.files: write failed", lines[0]);
        assertEquals("java.io.IOException: disk full", lines[1]);
        assertTrue(lines[2].trim().startsWith("at "), lines[2]);
        assertTrue(text.endsWith(NL));
    }

    @Test
    void belowWarningTheThrowableStaysOnTheLine() {
        assertEquals("2026-11-23T08:00:00.123Z INFO io.rebound.files: retrying (java.io.IOException: a\\nb)" + NL,
                new LineFormatter().format(record(Level.INFO, "retrying", new IOException("a\nb"))));
    }

    @Test
    void recordWithoutLoggerName() {
        LogRecord record = record(Level.INFO, "x", null);
        record.setLoggerName(null);
        assertTrue(new LineFormatter().format(record).contains(" INFO -: x"));
    }
}
