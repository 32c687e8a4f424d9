package io.rebound.files.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies of small files: served only while the file is exactly the version copied. */
class FileContentCacheTest {

    @TempDir
    Path root;

    private DocumentRoot documentRoot;
    // The wall clock the cache sees: an hour ahead, so files written by the test count as settled.
    private final AtomicLong clockOffset = new AtomicLong(TimeUnit.HOURS.toMillis(1));
    private FileContentCache cache;

    @BeforeEach
    void setUp() {
        documentRoot = new DocumentRoot(root);
        assumeTrue(documentRoot.reportsChangeTimes(), "this file system reports no change times");
        cache = new FileContentCache(1024, 4096, () -> System.currentTimeMillis() + clockOffset.get());
    }

    private byte[] content(String name) throws RequestRejection {
        return cache.content(documentRoot.locate(List.of(name)));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(root.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSettledSmallFileIsCopiedOnceAndServedFromTheCopy() throws Exception {
        write("a.txt", "alpha");

        byte[] first = content("a.txt");
        byte[] second = content("a.txt");

        assertArrayEquals(bytes("alpha"), first);
        assertSame(first, second, "the second request is served from the copy");
        assertEquals(1, cache.files());
        assertEquals(5, cache.bytes());
    }

    @Test
    void aFileRewrittenWithTheSameSizeAndModificationTimeIsReadAgain() throws Exception {
        Path file = write("a.txt", "alpha");
        FileTime modified = Files.getLastModifiedTime(file);
        assertArrayEquals(bytes("alpha"), content("a.txt"));

        // What `cp -p` of a same-sized file does: new bytes, the old modification time. Only the change time moves.
        awaitChangeTimeTick(file);
        write("a.txt", "omega");
        Files.setLastModifiedTime(file, modified);

        assertArrayEquals(bytes("omega"), content("a.txt"));
        assertEquals(1, cache.files());
    }

    @Test
    void aFileReplacedByRenameIsReadAgain() throws Exception {
        Path file = write("a.txt", "alpha");
        FileTime modified = Files.getLastModifiedTime(file);
        assertArrayEquals(bytes("alpha"), content("a.txt"));

        Path next = Files.writeString(root.resolve("next.tmp"), "omega");
        Files.setLastModifiedTime(next, modified);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertArrayEquals(bytes("omega"), content("a.txt"));
    }

    @Test
    void aChangeOfPermissionsAloneDropsTheCopy() throws Exception {
        Path file = write("a.txt", "alpha");
        byte[] copy = content("a.txt");

        awaitChangeTimeTick(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));

        // Read again from the file (which answers 403 from there if this process may no longer read it).
        byte[] again = content("a.txt");
        assertNotSame(copy, again);
        assertArrayEquals(bytes("alpha"), again);
    }

    @Test
    void aFileChangedWithinTheSettleTimeIsStreamedNotCopied() throws Exception {
        clockOffset.set(0);
        write("a.txt", "alpha");

        assertNull(content("a.txt"));
        assertEquals(0, cache.files());

        clockOffset.set(FileContentCache.SETTLE_MILLIS);
        assertArrayEquals(bytes("alpha"), content("a.txt"));
    }

    @Test
    void aFileLargerThanTheLimitIsStreamed() throws Exception {
        write("big.bin", "x".repeat(1025));
        write("edge.bin", "x".repeat(1024));

        assertNull(content("big.bin"));
        assertEquals(1024, content("edge.bin").length);
    }

    @Test
    void theCopiesStayWithinTheirBudgetAndRecentlyServedOnesStay() throws Exception {
        for (String name : List.of("a", "b", "c", "d", "e")) {
            write(name, name.repeat(1000));
        }
        for (String name : List.of("a", "b", "c", "d")) {
            assertArrayEquals(bytes(name.repeat(1000)), content(name));
        }
        assertEquals(4000, cache.bytes());

        assertArrayEquals(bytes("e".repeat(1000)), content("e"));

        assertTrue(cache.bytes() <= 4096, "over budget: " + cache.bytes());
        assertEquals(4, cache.files());
        byte[] e = content("e");
        assertSame(e, content("e"), "the newest copy is kept");
        for (String name : List.of("a", "b", "c", "d", "e")) {
            assertArrayEquals(bytes(name.repeat(1000)), content(name), name);
        }
    }

    @Test
    void aNegativeSizeIsRefusedNamingTheSetting() {
        IllegalArgumentException file = assertThrows(IllegalArgumentException.class,
                () -> new FileContentCache(-1, 4096, System::currentTimeMillis));
        IllegalArgumentException total = assertThrows(IllegalArgumentException.class,
                () -> new FileContentCache(1024, -1, System::currentTimeMillis));

        assertTrue(file.getMessage().contains("cache.max.file.bytes"), file.getMessage());
        assertTrue(total.getMessage().contains("cache.max.bytes"), total.getMessage());
    }

    @Test
    void aTurnedOffCacheCopiesNothing() throws Exception {
        write("a.txt", "alpha");
        FileContentCache off = FileContentCache.off();

        assertNull(off.content(documentRoot.locate(List.of("a.txt"))));
        assertEquals(0, off.files());
    }

    /**
     * Waits until a change made now gets a change time different from the file's current one: time stamps are
     * coarse, and a test that changes a file twice within one tick would test nothing.
     */
    private static void awaitChangeTimeTick(Path file) throws IOException {
        FileTime changed = (FileTime) Files.getAttribute(file, "unix:ctime");
        Path probe = file.resolveSibling(".tick");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - deadline < 0) {
            Files.writeString(probe, "tick");
            FileTime now = (FileTime) Files.getAttribute(probe, "unix:ctime");
            Files.delete(probe);
            if (now.compareTo(changed) > 0) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the file system clock did not move past " + changed + " in 5 s");
    }
}
