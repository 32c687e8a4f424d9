package io.rebound.accesslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.rebound.state.internal.MemoryRecordQueues;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogComponentTest {

    @TempDir
    Path data;

    private final RecordingLogger log = new RecordingLogger();
    private final List<AccessLogComponent> started = new ArrayList<>();
    private final MemoryRecordQueues queues = new MemoryRecordQueues();

    private AccessLogComponent activate(int capacity) {
        AccessLogComponent component = new AccessLogComponent(log, TimeUnit.SECONDS.toMillis(5));
        component.queues = queues;
        component.activate(Fakes.context(Map.of("rebound.data", data.toString())), Fakes.config(capacity, 1000));
        started.add(component);
        return component;
    }

    @AfterEach
    void deactivateLeftovers() {
        started.forEach(AccessLogComponent::deactivate);
    }

    private Path logFile() {
        return data.resolve("logs").resolve("access.log");
    }

    private static boolean writerThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(AccessLogComponent.THREAD_NAME) && t.isAlive());
    }

    @Test
    void writesExactlyOneLinePerRecordByDeactivation() throws IOException {
        AccessLogComponent component = activate(65536);
        assertTrue(Files.isDirectory(data.resolve("logs")), "logs/ created");
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            Records.log(queues, Records.get("/item/" + i));
        }
        component.deactivate();
        List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
        assertEquals(n, lines.size());
        List<String> targets = AccessLogWriterTest.targets(lines);
        for (int i = 0; i < n; i++) {
            assertEquals("/item/" + i, targets.get(i));
        }
        assertEquals(0, component.dropped());
    }

    @Test
    void appendsAcrossActivations() throws IOException {
        AccessLogComponent first = activate(1024);
        Records.log(queues, Records.get("/first"));
        first.deactivate();
        AccessLogComponent second = activate(1024);
        Records.log(queues, Records.get("/second/a"));
        Records.log(queues, Records.get("/second/b"));
        second.deactivate();
        assertEquals(List.of("/first", "/second/a", "/second/b"),
                AccessLogWriterTest.targets(Files.readAllLines(logFile(), StandardCharsets.UTF_8)));
    }

    @Test
    void writerThreadRunsWhileActiveAndIsGoneAfterDeactivate() {
        AccessLogComponent component = activate(16);
        assertTrue(writerThreadAlive());
        component.deactivate();
        assertFalse(writerThreadAlive());
    }

    @Test
    void fullQueueNeverBlocksAndEveryRecordIsWrittenOrCounted() throws IOException {
        AccessLogComponent component = activate(1);
        int n = 200_000;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int i = 0; i < n; i++) {
            Records.log(queues, Records.get("/" + i));
        }
        assertTrue(System.nanoTime() < deadline, "logging blocked");
        long dropped = component.dropped();
        component.deactivate();
        long written = Files.readAllLines(logFile(), StandardCharsets.UTF_8).size();
        assertEquals(n, written + dropped, "written " + written + ", dropped " + dropped);
    }

    @Test
    void missingDataPropertyFailsActivationClearly() {
        AccessLogComponent component = new AccessLogComponent(log, 1000);
        component.queues = queues;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> component.activate(Fakes.context(Map.of()), Fakes.defaults()));
        assertTrue(e.getMessage().contains("rebound.data is not set"), e.getMessage());
        assertFalse(writerThreadAlive());
    }

    @Test
    void unusableDataDirectoryFailsActivationClearly() throws IOException {
        Path notADirectory = Files.writeString(data.resolve("plain-file"), "x");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AccessLogComponent.logsDirectory(notADirectory.toString()));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());

        Files.writeString(data.resolve("logs"), "a file where the logs directory should be");
        e = assertThrows(IllegalStateException.class, () -> AccessLogComponent.logsDirectory(data.toString()));
        assertTrue(e.getMessage().contains("Cannot create access log directory"), e.getMessage());
    }

    @Test
    void invalidConfigurationIsRejected() {
        AccessLogComponent component = new AccessLogComponent(log, 1000);
        component.queues = queues;
        var context = Fakes.context(Map.of("rebound.data", data.toString()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> component.activate(context, Fakes.config(0, 1000)));
        assertTrue(e.getMessage().contains("queue.capacity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> component.activate(context, Fakes.config(16, 0)));
        assertTrue(e.getMessage().contains("flush.interval.millis"), e.getMessage());
        assertFalse(writerThreadAlive());
    }

    @Test
    void everyDeclaredAttributeIsReadUnderTheNameDsGivesIt() {
        Method[] attributes = AccessLogConfig.class.getDeclaredMethods();
        assertEquals(2, attributes.length);
        var context = Fakes.context(Map.of("rebound.data", data.toString()));
        for (Method attribute : attributes) {
            String property = attribute.getName().replace('_', '.');
            AccessLogComponent component = new AccessLogComponent(log, 1000);
            component.queues = queues;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> component.activate(context, Map.of(property, "many")), property);
            assertEquals("io.rebound.accesslog: " + property + " must be an integer, got \"many\"", e.getMessage());
        }
        assertFalse(writerThreadAlive());
    }
}
