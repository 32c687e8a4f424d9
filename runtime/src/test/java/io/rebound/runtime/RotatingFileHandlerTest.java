package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileHandlerTest {

    @TempDir
    Path tmp;

    private static LogRecord record(String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName("io.rebound.test");
        return record;
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    @Test
    void writesOneFormattedLinePerRecordAndAppendsAcrossStarts() throws Exception {
        Path file = tmp.resolve("logs/rebound.log");
        RotatingFileHandler handler = new RotatingFileHandler(file, 1_000_000, 5);
        handler.setFormatter(new LineFormatter());
        handler.publish(record("first"));
        handler.close();
        handler = new RotatingFileHandler(file, 1_000_000, 5);
        handler.setFormatter(new LineFormatter());
        handler.publish(record("second\nline"));
        handler.close();
        List<String> lines = lines(file);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(" INFO io.rebound.test: first"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" INFO io.rebound.test: second\\nline"), lines.get(1));
    }

    @Test
    void rotatesAtTheLimitKeepingCountFilesNewestFirst() throws Exception {
        Path file = tmp.resolve("rebound.log");
        RotatingFileHandler handler = new RotatingFileHandler(file, 100, 3);
        handler.setFormatter(new LineFormatter());
        // Each line is about 60 bytes: one per file.
        for (int i = 1; i <= 5; i++) {
            handler.publish(record("message number " + i));
        }
        handler.close();
        assertTrue(lines(file).get(0).endsWith("message number 5"));
        assertTrue(lines(tmp.resolve("rebound.log.1")).get(0).endsWith("message number 4"));
        assertTrue(lines(tmp.resolve("rebound.log.2")).get(0).endsWith("message number 3"));
        assertFalse(Files.exists(tmp.resolve("rebound.log.3")), "only 3 files are kept");
        assertFalse(Files.exists(tmp.resolve("rebound.log.lck")));
    }

    @Test
    void aRecordLargerThanTheLimitStillGoesOutWhole() throws Exception {
        Path file = tmp.resolve("rebound.log");
        RotatingFileHandler handler = new RotatingFileHandler(file, 10, 2);
        handler.setFormatter(new LineFormatter());
        handler.publish(record("x".repeat(50)));
        handler.publish(record("y".repeat(50)));
        handler.close();
        assertTrue(lines(file).get(0).endsWith("y".repeat(50)));
        assertTrue(lines(tmp.resolve("rebound.log.1")).get(0).endsWith("x".repeat(50)));
    }
}
