package io.rebound.state.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.rebound.state.api.Journal;
import io.rebound.state.api.StateException;
import io.rebound.state.api.StateMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableStateStoreTest {

    @TempDir
    Path dir;

    private final List<DurableStateStore> open = new ArrayList<>();

    private Path file() {
        return dir.resolve("state").resolve(StoreLocation.FILE_NAME);
    }

    private DurableStateStore open() {
        DurableStateStore store = new DurableStateStore(StoreLocation.file(dir.toString()), true, 10_000, 4, 30_000);
        open.add(store);
        return store;
    }

    private void close(DurableStateStore store) {
        open.remove(store);
        store.deactivate();
    }

    @AfterEach
    void closeLeftovers() {
        new ArrayList<>(open).forEach(this::close);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putGetRemoveAnswerWhatWasStored() {
        StateMap map = open().map("test.map");
        assertNull(map.get("a"));
        assertTrue(map.put("a", bytes("one")), "a new key");
        assertFalse(map.put("a", bytes("two")), "an overwrite");
        assertArrayEquals(bytes("two"), map.get("a"));
        assertEquals(1, map.size());
        assertTrue(map.remove("a"));
        assertFalse(map.remove("a"));
        assertNull(map.get("a"));
        assertEquals(0, map.size());
    }

    @Test
    void callersCannotChangeStoredRecordsThroughTheirArrays() {
        StateMap map = open().map("m");
        byte[] value = bytes("abc");
        map.put("k", value);
        value[0] = 'X';
        map.get("k")[1] = 'Y';
        assertArrayEquals(bytes("abc"), map.get("k"));
    }

    @Test
    void keysAreListedInOrderByPrefixAfterAndLimit() {
        StateMap map = open().map("m");
        for (String k : List.of("b/2", "a", "b/1", "b/3", "c", "b")) {
            map.putText(k, k);
        }
        assertEquals(List.of("a", "b", "b/1", "b/2", "b/3", "c"), map.keys("", null, 100));
        assertEquals(List.of("b/1", "b/2", "b/3"), map.keys("b/", null, 100));
        assertEquals(List.of("b/1", "b/2"), map.keys("b/", null, 2));
        assertEquals(List.of("b/3"), map.keys("b/", "b/2", 100));
        assertEquals(List.of("b/1", "b/2", "b/3"), map.keys("b/", "a", 100));
        assertEquals(List.of(), map.keys("z", null, 100));
        assertThrows(IllegalArgumentException.class, () -> map.keys("", null, 0));
    }

    @Test
    void mapsAndJournalsAreSeparateByName() {
        DurableStateStore store = open();
        store.map("one").putText("k", "1");
        store.map("two").putText("k", "2");
        store.journal("one").append("entry");
        assertEquals("1", store.map("one").getText("k"));
        assertEquals("2", store.map("two").getText("k"));
        assertEquals(1, store.map("one").size());
        assertThrows(IllegalArgumentException.class, () -> store.map("bad name"));
        assertThrows(IllegalArgumentException.class, () -> store.map(""));
        assertThrows(IllegalArgumentException.class, () -> store.journal("x".repeat(65)));
    }

    @Test
    void everythingSurvivesCloseAndReopen() {
        DurableStateStore first = open();
        first.map("m").putText("kept", "v1");
        first.map("m").putText("removed", "v2");
        first.map("m").remove("removed");
        first.journal("j").append("e1");
        first.journal("j").append("e2");
        close(first);

        DurableStateStore second = open();
        assertEquals("v1", second.map("m").getText("kept"));
        assertNull(second.map("m").get("removed"));
        assertEquals(List.of("e1", "e2"), second.journal("j").latest(10));
        assertEquals(3, second.journal("j").append("e3"), "numbering goes on");
    }

    @Test
    void aCrashWithoutCloseLosesNothingAcknowledged() {
        DurableStateStore crashed = open();
        StateMap map = crashed.map("m");
        for (int i = 0; i < 500; i++) {
            map.putText("key" + i, "value" + i);
        }
        map.remove("key7");
        // What a kill leaves: no final commit, no close; the file lock goes with the file handle.
        crashed.halt();
        open.remove(crashed);

        DurableStateStore recovered = open();
        StateMap again = recovered.map("m");
        assertEquals(499, again.size());
        for (int i = 0; i < 500; i++) {
            assertEquals(i == 7 ? null : "value" + i, again.getText("key" + i), "key" + i);
        }
    }

    @Test
    void concurrentWritersShareCommits() throws Exception {
        DurableStateStore store = open();
        StateMap map = store.map("m");
        int writers = 16;
        int each = 100;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                tasks.add(() -> {
                    for (int i = 0; i < each; i++) {
                        assertTrue(map.putText("w" + writer + "-" + i, "x"));
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long puts = (long) writers * each;
        assertEquals(puts, map.size());
        long commits = store.commits();
        assertTrue(commits > 0 && commits < puts, commits + " commits for " + puts + " concurrent puts");
    }

    @Test
    void aFailedOpeningIsRecoveredAndFailsOnlyTheChangesItHeld() {
        DurableStateStore store = open();
        StateMap map = store.map("m");
        map.putText("before", "1");
        OpenStore dying = store.current();
        dying.kill(new StateException("simulated disk failure"));
        assertThrows(StateException.class, () -> dying.awaitDurable(TimeUnit.SECONDS.toNanos(1)));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                map.putText("after", "2");
                break;
            } catch (StateException e) {
                assertTrue(System.nanoTime() < deadline, "the store was not reopened: " + e);
                Thread.onSpinWait();
            }
        }
        assertEquals("1", map.getText("before"));
        assertEquals("2", map.getText("after"));
    }

    @Test
    void journalKeepsOrderAndTrimsOldest() {
        Journal journal = open().journal("j");
        for (int i = 1; i <= 10; i++) {
            assertEquals(i, journal.append("e" + i));
        }
        assertEquals(List.of("e8", "e9", "e10"), journal.latest(3));
        assertEquals(7, journal.trim(3));
        assertEquals(3, journal.size());
        assertEquals(List.of("e8", "e9", "e10"), journal.latest(100));
        assertEquals(11, journal.append("e11"));
        assertEquals(List.of(), journal.latest(0));
    }

    @Test
    void theFileDoesNotGrowWithTheNumberOfCommits() throws Exception {
        StateMap map = open().map("m");
        for (int i = 0; i < 2000; i++) {
            map.putText("key" + i % 10, "value" + i);
        }
        long size = Files.size(file());
        // Each commit writes a few blocks; kept for MVStore's default 45 s they would add up to tens of MiB here.
        assertTrue(size < 8 * 1024 * 1024, "store file of " + size + " bytes for 10 small keys");
    }

    @Test
    void bigValuesRoundTrip() {
        StateMap map = open().map("m");
        byte[] big = new byte[1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7 + 3);
        }
        map.put("big", big);
        assertArrayEquals(big, map.get("big"));
    }

    @Test
    void unusableDataDirectoryFailsClearly() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StoreLocation.file(null));
        assertTrue(e.getMessage().contains("rebound.data is not set"), e.getMessage());
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        e = assertThrows(IllegalStateException.class, () -> StoreLocation.file(plain.toString()));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }

    @Test
    void aDamagedFileFailsActivationNamingIt() throws Exception {
        Files.createDirectories(file().getParent());
        Files.write(file(), new byte[] { 'n', 'o', 't', ' ', 'a', 'n', ' ', 'M', 'V', 'S', 't', 'o', 'r', 'e' });
        StateException e = assertThrows(StateException.class, this::open);
        assertTrue(e.getMessage().contains(file().toString()), e.getMessage());
    }

    @Test
    void badSettingsAreRejected() {
        Path f = file();
        assertThrows(IllegalArgumentException.class, () -> new DurableStateStore(f, true, 0, 4, 1000));
        assertThrows(IllegalArgumentException.class, () -> new DurableStateStore(f, true, 1000, 0, 1000));
        assertThrows(IllegalArgumentException.class, () -> new DurableStateStore(f, true, 1000, 4, 0));
    }

    @Test
    void committerThreadIsNamedAndEndsOnDeactivate() {
        DurableStateStore store = open();
        assertTrue(threadAlive(DurableStateStore.THREAD_NAME));
        close(store);
        assertFalse(threadAlive(DurableStateStore.THREAD_NAME));
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
