package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {

    @TempDir
    Path data;

    @Test
    void secondLockOnTheSameDirectoryIsRefused() throws Exception {
        try (DataDirectoryLock first = DataDirectoryLock.acquire(data, "--data")) {
            StartupException e = assertThrows(StartupException.class,
                    () -> DataDirectoryLock.acquire(data, "REBOUND_DATA"));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertEquals("REBOUND_DATA: '" + data + "' is in use by another Rebound server (rebound.lock is locked)",
                    e.getMessage());
        }
    }

    @Test
    void lockIsFreeAgainAfterClose() throws Exception {
        DataDirectoryLock.acquire(data, "--data").close();
        DataDirectoryLock.acquire(data, "--data").close();
    }

    @Test
    void missingDirectoryIsReported() {
        StartupException e = assertThrows(StartupException.class,
                () -> DataDirectoryLock.acquire(data.resolve("gone"), "--data"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("--data: cannot lock '" + data.resolve("gone/rebound.lock")),
                e.getMessage());
    }
}
