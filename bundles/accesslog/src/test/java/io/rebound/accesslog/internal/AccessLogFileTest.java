package io.rebound.accesslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogFileTest {

    private static final long T0 = 5_000_000_000L;

    private final RecordingLogger log = new RecordingLogger();

    @Test
    void appendsToAnExistingFile(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("access.log");
        Files.writeString(path, "earlier\n");
        AccessLogFile file = new AccessLogFile(path, log);
        file.open();
        file.write(List.of("one", "two"), T0);
        file.close();
        assertEquals(List.of("earlier", "one", "two"), Files.readAllLines(path, StandardCharsets.UTF_8));
    }

    @Test
    void writeErrorIsLoggedOnceAndTheFileReopensLater() throws IOException {
        FlakyDisk disk = new FlakyDisk();
        AccessLogFile file = new AccessLogFile(Path.of("access.log"), log, disk);
        file.open();
        file.write(List.of("a"), T0);

        disk.broken(true);
        file.write(List.of("lost1", "lost2"), T0 + 1);
        file.write(List.of("lost3"), T0 + 2);
        file.write(List.of("lost4"), T0 + AccessLogFile.RETRY_INTERVAL + 2); // reopen attempted, still broken
        file.flush(T0 + 3);
        List<String> warnings = log.at(Level.WARNING);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("No space left on device"), warnings.get(0));

        disk.broken(false);
        file.write(List.of("too soon"), T0 + AccessLogFile.RETRY_INTERVAL + 3);
        assertEquals(1, disk.opens(), "no reopen before the retry interval has passed again");
        file.write(List.of("b"), T0 + 3 * AccessLogFile.RETRY_INTERVAL);
        assertEquals(2, disk.opens());
        List<String> infos = log.at(Level.INFO);
        assertEquals(1, infos.size(), infos.toString());
        assertTrue(infos.get(0).contains("5 lines were lost"), infos.get(0));
        file.close();
        assertEquals("a\nb\n", disk.content());
        assertEquals(1, log.at(Level.WARNING).size(), "recovery reported, nothing lost since");
    }
}
