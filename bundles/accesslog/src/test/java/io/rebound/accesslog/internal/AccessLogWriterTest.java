package io.rebound.accesslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rebound.state.api.RecordQueue;
import io.rebound.state.internal.MemoryRecordQueues;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogWriterTest {

    private final RecordingLogger log = new RecordingLogger();
    private final CombinedLogFormat format = new CombinedLogFormat(ZoneOffset.UTC);

    @Test
    void fullQueueDropsAndCountsWithoutBlocking(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("access.log");
        AccessLogFile file = new AccessLogFile(path, log);
        file.open();
        RecordQueue queue = new MemoryRecordQueues().queue("accesslog", 4);
        AccessLogWriter writer = new AccessLogWriter(queue, 1000, format, file, log);

        // No writer thread yet: the queue fills after 4 records and every further offer must return at once.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int i = 0; i < 100_000; i++) {
            Records.log(queue, Records.get("/r" + i));
            assertTrue(System.nanoTime() < deadline, "offer blocked");
        }
        assertEquals(99_996, writer.dropped());
        assertEquals(4, writer.queued());

        // Stopped before it ever runs: whatever is queued must still be written.
        writer.stop();
        Thread t = new Thread(writer, "test-accesslog-writer");
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(t.isAlive(), "writer did not stop");
        assertEquals(List.of("/r0", "/r1", "/r2", "/r3"), targets(Files.readAllLines(path, StandardCharsets.UTF_8)));
        List<String> warnings = log.at(Level.WARNING);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("dropped 99996 records"), warnings.get(0));
    }

    @Test
    void writerSurvivesWriteErrorsAndResumes() throws Exception {
        FlakyDisk disk = new FlakyDisk();
        AccessLogFile file = new AccessLogFile(Path.of("access.log"), log, disk);
        file.open();
        RecordQueue queue = new MemoryRecordQueues().queue("accesslog", 1024);
        AccessLogWriter writer = new AccessLogWriter(queue, 10, format, file, log);
        Thread t = new Thread(writer, "test-accesslog-writer");
        t.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Records.log(queue, Records.get("/before"));
            awaitContent(disk, "/before", deadline);

            disk.broken(true);
            Records.log(queue, Records.get("/lost"));
            while (log.at(Level.WARNING).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "write failure never reported");
                pause();
            }
            assertTrue(t.isAlive(), "writer died on an IOException");

            disk.broken(false);
            // Keep offering until the writer has reopened the file: records in the retry window are lost.
            int i = 0;
            while (!disk.content().contains("/after")) {
                assertTrue(System.nanoTime() < deadline, "writer never resumed");
                Records.log(queue, Records.get("/after" + i++));
                pause();
            }
        } finally {
            writer.stop();
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertFalse(t.isAlive());
        assertEquals(1, log.at(Level.WARNING).stream().filter(w -> w.contains("failed")).count());
        assertFalse(disk.content().contains("/lost"));
    }

    private static void awaitContent(FlakyDisk disk, String text, long deadline) {
        while (!disk.content().contains(text)) {
            assertTrue(System.nanoTime() < deadline, "never written: " + text);
            pause();
        }
    }

    /** A short pause between checks of a condition that another thread makes true. */
    private static void pause() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }

    static List<String> targets(List<String> lines) {
        return lines.stream().map(l -> l.substring(l.indexOf("\"GET ") + 5, l.indexOf(" HTTP/1.1\""))).toList();
    }
}
