package io.rebound.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attributes one lstat gives, as the files component reads them. */
class FileStatusTest {

    @TempDir
    Path dir;

    @BeforeEach
    void unixOnly() {
        assumeTrue(FileStatus.supported(dir.getFileSystem()), "the file system has no unix attribute view");
    }

    @Test
    void aRegularFileHasTheBasicAttributesOfItsLstat() throws IOException {
        Path file = Files.writeString(dir.resolve("a.txt"), "hello");
        FileStatus status = FileStatus.read(file);
        BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertEquals(5, status.size());
        assertEquals(basic.lastModifiedTime(), status.lastModifiedTime());
        assertEquals(basic.fileKey(), status.fileKey());
        assertTrue(status.isRegularFile());
        assertFalse(status.isDirectory() || status.isSymbolicLink() || status.isOther());
    }

    @Test
    void directoriesAndLinksAreToldApartWithoutFollowingTheLink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link"), Files.writeString(dir.resolve("t"), "t"));
        assertTrue(FileStatus.read(dir).isDirectory());
        FileStatus status = FileStatus.read(link);
        assertTrue(status.isSymbolicLink());
        assertFalse(status.isRegularFile() || status.isOther());
    }

    @Test
    void theChangeTimeMovesWhenOnlyMetadataChanges() throws IOException {
        Path file = Files.writeString(dir.resolve("a.txt"), "hello");
        FileTime modified = Files.getLastModifiedTime(file);
        FileTime before = FileStatus.read(file).changeTime();
        // ctime has the granularity of the kernel's coarse clock: change metadata until the change can show.
        long deadline = System.nanoTime() + 5_000_000_000L;
        FileTime after = before;
        boolean readOnly = false;
        while (after.equals(before) && System.nanoTime() < deadline) {
            readOnly = !readOnly;
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(readOnly ? "r--------" : "rw-------"));
            Files.setLastModifiedTime(file, modified);
            after = FileStatus.read(file).changeTime();
        }
        assertNotEquals(before, after);
        assertEquals(modified, FileStatus.read(file).lastModifiedTime(), "set back, as anyone may");
    }

    @Test
    void timesThatAreNotReadAreRefusedNotMadeUp() throws IOException {
        FileStatus status = FileStatus.read(Files.writeString(dir.resolve("a.txt"), "x"));
        assertThrows(UnsupportedOperationException.class, status::lastAccessTime);
        assertThrows(UnsupportedOperationException.class, status::creationTime);
    }
}
