package io.rebound.state.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.rebound.state.api.Checkpointable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointKeeperTest {

    @TempDir
    Path data;

    private DurableStateStore store;
    private final List<CheckpointKeeper> keepers = new ArrayList<>();

    @BeforeEach
    void openStore() {
        store = new DurableStateStore(StoreLocation.file(data.toString()), true, 10_000, 4, 30_000);
    }

    @AfterEach
    void closeAll() {
        keepers.forEach(CheckpointKeeper::deactivate);
        store.deactivate();
    }

    private CheckpointKeeper keeper() {
        CheckpointKeeper keeper = new CheckpointKeeper(store);
        keepers.add(keeper);
        return keeper;
    }

    /** A component whose state is one string; {@code state == null} makes checkpoint() keep the previous one. */
    private static final class Component implements Checkpointable {
        final AtomicReference<String> state = new AtomicReference<>();
        final List<String> restored = new CopyOnWriteArrayList<>();
        volatile boolean broken;
        volatile int checkpoints;

        @Override
        public byte[] checkpoint() {
            checkpoints++;
            if (broken) {
                throw new IllegalStateException("broken");
            }
            String s = state.get();
            return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void restore(byte[] saved) {
            restored.add(new String(saved, StandardCharsets.UTF_8));
            state.set(new String(saved, StandardCharsets.UTF_8));
        }
    }

    private String saved(CheckpointKeeper keeper, String name) {
        return keeper.latest(name).map(c -> new String(c.state(), StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void aPlannedStopCheckpointsAndTheNextInstanceRestores() {
        CheckpointKeeper keeper = keeper();
        Component first = new Component();
        keeper.track("ref1", "kv", 3600, first);
        assertEquals(List.of(), first.restored, "nothing to restore the first time");
        first.state.set("count=42");
        keeper.untrack("ref1");
        assertEquals("count=42", saved(keeper, "kv"));

        Component second = new Component();
        keeper.track("ref2", "kv", 3600, second);
        assertEquals(List.of("count=42"), second.restored);
    }

    @Test
    void checkpointsAreDurableAcrossAStoreRestart() {
        CheckpointKeeper keeper = keeper();
        keeper.save("c", "abc".getBytes(StandardCharsets.UTF_8));
        store.deactivate();
        store = new DurableStateStore(StoreLocation.file(data.toString()), true, 10_000, 4, 30_000);
        CheckpointKeeper after = keeper();
        assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), after.latest("c").orElseThrow().state());
        assertTrue(after.latest("other").isEmpty());
    }

    @Test
    void aCrashedInstanceKeepsThePreviousCheckpoint() {
        CheckpointKeeper keeper = keeper();
        Component crashed = new Component();
        keeper.track("ref1", "kv", 3600, crashed);
        crashed.state.set("good");
        keeper.untrack("ref1");
        Component next = new Component();
        keeper.track("ref2", "kv", 3600, next);
        next.state.set("suspect");
        next.broken = true;
        keeper.untrack("ref2");
        assertEquals("good", saved(keeper, "kv"));

        Component unsure = new Component();
        keeper.track("ref3", "kv", 3600, unsure);
        unsure.state.set(null); // "nothing trustworthy"
        keeper.untrack("ref3");
        assertEquals("good", saved(keeper, "kv"));
    }

    @Test
    void periodicCheckpointsRunOnTheKeepersThread() throws Exception {
        CheckpointKeeper keeper = keeper();
        Component component = new Component();
        component.state.set("periodic");
        keeper.track("ref", "periodic", 1, component);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (saved(keeper, "periodic") == null) {
            assertTrue(System.nanoTime() < deadline, "no periodic checkpoint within 10 s");
            Thread.sleep(20);
        }
        keeper.untrack("ref");
        int after = component.checkpoints;
        Thread.sleep(1500);
        assertEquals(after, component.checkpoints, "no checkpoint after the component went away");
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(CheckpointKeeper.THREAD_NAME)));
    }

    @Test
    void badIntervalsFallBackToTheDefault() {
        assertEquals(5, CheckpointKeeper.intervalOf("5", "x"));
        assertEquals(5, CheckpointKeeper.intervalOf(5, "x"));
        assertEquals(Checkpointable.DEFAULT_INTERVAL_SECONDS, CheckpointKeeper.intervalOf(null, "x"));
        assertEquals(Checkpointable.DEFAULT_INTERVAL_SECONDS, CheckpointKeeper.intervalOf("0", "x"));
        assertEquals(Checkpointable.DEFAULT_INTERVAL_SECONDS, CheckpointKeeper.intervalOf("soon", "x"));
        assertNull(new Component().state.get());
        assertFalse(new Component().broken);
    }
}
