package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerDirectoriesTest {

    @TempDir
    Path tmp;

    private static ServerDirectories prepare(Path root, Path data) throws Exception {
        return ServerDirectories.prepare(
                Options.parse(new String[] { "--root", root.toString(), "--data", data.toString() }, Map.of()));
    }

    private static StartupException failure(Path root, Path data) {
        return assertThrows(StartupException.class, () -> ServerDirectories.prepare(Options.parse(
                new String[0], Map.of("REBOUND_ROOT", root.toString(), "REBOUND_DATA", data.toString()))));
    }

    @Test
    void missingRootIsCreatedWithAnIndexPage() throws Exception {
        Path root = tmp.resolve("a/b/www");
        ServerDirectories directories = prepare(root, tmp.resolve("data"));
        assertEquals(root, directories.root());
        String index = Files.readString(root.resolve("index.html"), StandardCharsets.UTF_8);
        assertTrue(index.startsWith("<!DOCTYPE html>"), index);
        assertTrue(index.contains("href=\"/health\""), index);
        assertTrue(index.contains("microreboot"), index);
    }

    @Test
    void existingRootIsUsedAsIs() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("www"));
        Files.writeString(root.resolve("hello.txt"), "hi");
        prepare(root, tmp.resolve("data"));
        assertFalse(Files.exists(root.resolve("index.html")));
        assertEquals("hi", Files.readString(root.resolve("hello.txt")));
    }

    @Test
    void existingIndexIsNeverOverwritten() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("www"));
        Files.writeString(root.resolve("index.html"), "mine");
        prepare(root, tmp.resolve("data"));
        assertEquals("mine", Files.readString(root.resolve("index.html")));
    }

    @Test
    void dataAndDeployAreCreated() throws Exception {
        ServerDirectories directories = prepare(tmp.resolve("www"), tmp.resolve("state"));
        assertTrue(Files.isDirectory(tmp.resolve("state/deploy")));
        assertEquals(tmp.resolve("state/deploy"), directories.deploy());
        assertEquals(tmp.resolve("state/felix-cache"), directories.frameworkStorage());
    }

    @Test
    void pathsAreAbsoluteAndNormalized() throws Exception {
        ServerDirectories directories = prepare(tmp.resolve("x/../www"), tmp.resolve("./data"));
        assertEquals(tmp.resolve("www"), directories.root());
        assertEquals(tmp.resolve("data"), directories.data());
        assertTrue(directories.root().isAbsolute());
    }

    @Test
    void rootThatIsAFileFails() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        StartupException e = failure(file, tmp.resolve("data"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("REBOUND_ROOT: '" + file + "' is not a directory", e.getMessage());
    }

    @Test
    void dataThatIsAFileFails() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        StartupException e = failure(tmp.resolve("www"), file);
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("REBOUND_DATA: '" + file + "' is not a directory", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("www")), "a failed start must not leave a new document root");
    }

    @Test
    void dataBelowAFileCannotBeCreated() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        StartupException e = failure(tmp.resolve("www"), file.resolve("data"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("REBOUND_DATA: cannot create directory '" + file.resolve("data") + "': "),
                e.getMessage());
    }

    @Test
    void deployThatIsAFileFails() throws IOException {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Files.writeString(data.resolve("deploy"), "x");
        StartupException e = failure(tmp.resolve("www"), data);
        assertEquals("REBOUND_DATA: '" + data.resolve("deploy") + "' is not a directory", e.getMessage());
    }
}
