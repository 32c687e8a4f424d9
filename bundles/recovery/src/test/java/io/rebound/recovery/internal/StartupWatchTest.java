package io.rebound.recovery.internal;

import static io.rebound.recovery.internal.ServerMetricsTest.component;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class StartupWatchTest {

    @Test
    void noticesTheEndOfStartupWithoutBeingAskedAndKeepsIt() throws Exception {
        AtomicReference<List<ComponentView>> views = new AtomicReference<>(List.of(
                component("parser", ComponentState.ACTIVE, 0), component("files", ComponentState.DEGRADED, 0)));
        AtomicInteger looks = new AtomicInteger();
        try (StartupWatch watch = new StartupWatch(() -> {
            looks.incrementAndGet();
            return views.get();
        })) {
            assertFalse(watch.started());
            watch.start();
            views.set(List.of(component("parser", ComponentState.ACTIVE, 0),
                    component("files", ComponentState.ACTIVE, 0)));
            // Poll the watcher's own progress: it must stop looking once it has seen everything ACTIVE.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int seen;
            do {
                seen = looks.get();
                TimeUnit.MILLISECONDS.sleep(200);
            } while (looks.get() != seen && System.nanoTime() < deadline);
            assertTrue(looks.get() == seen, "the watcher stopped polling");
            views.set(List.of(component("parser", ComponentState.FAILED, 0)));
            assertTrue(watch.started(), "a later failure is not starting again");
        }
    }

    @Test
    void noComponentsIsNotStarted() {
        assertFalse(StartupWatch.allActive(List.of()));
    }
}
