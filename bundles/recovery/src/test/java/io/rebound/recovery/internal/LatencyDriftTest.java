package io.rebound.recovery.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import io.rebound.recovery.api.Call;

import org.junit.jupiter.api.Test;

class LatencyDriftTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LatencyDrift drift = new LatencyDrift(3.0, 3, MS);

    @Test
    void offRecordsNothingAndNeverDrifts() {
        LatencyDrift off = new LatencyDrift(0, 3, MS);
        assertFalse(off.enabled());
        for (int second = 0; second < 5; second++) {
            second(off, "files", second < 2 ? MS : 100 * MS);
            assertNull(off.evaluate("files"));
        }
    }

    @Test
    void callsThreeTimesSlowerThanAtBestOverTheWindowAreDrift() {
        for (int second = 0; second < 3; second++) {
            second(drift, "files", MS);
            assertNull(drift.evaluate("files"));
        }
        second(drift, "files", 5 * MS);
        second(drift, "files", 5 * MS);
        assertNull(drift.evaluate("files"), "a window of 1, 1 and 5 ms averages 2.3 ms, under 3 × 1 ms");
        second(drift, "files", 5 * MS);
        String verdict = drift.evaluate("files");
        assertNotNull(verdict, "1, 5 and 5 ms average 3.7 ms, over 3 × 1 ms");
        assertTrue(verdict.contains("3.0×"), verdict);

        drift.reset("files");
        second(drift, "files", 5 * MS);
        assertNull(drift.evaluate("files"), "a new instance starts a new baseline");
    }

    @Test
    void quietSecondsAndSubMillisecondGrowthDoNotCount() {
        for (int second = 0; second < 3; second++) {
            record(drift, "parser", 10_000, 25);
            assertNull(drift.evaluate("parser"));
        }
        for (int second = 0; second < 3; second++) {
            record(drift, "parser", 100_000, 25); // ten times slower, but 90 µs is not worth a reboot
            assertNull(drift.evaluate("parser"));
        }
        record(drift, "router", 50 * MS, LatencyDrift.MIN_CALLS_PER_SECOND - 1);
        assertNull(drift.evaluate("router"));
    }

    @Test
    void aSlowCalleeDriftsButItsCallerDoesNot() {
        LatencyDrift measured = new LatencyDrift(3.0, 1, MS);
        CallWatchdog watchdog = new CallWatchdog(callee -> (String) callee, failure -> { }, 10, measured);
        calls(watchdog, 0);
        assertNull(measured.evaluate("files"));
        assertNull(measured.evaluate("router"));

        calls(watchdog, 4 * MS);
        assertNotNull(measured.evaluate("files"));
        assertNull(measured.evaluate("router"), "the router's own time did not change");
    }

    private static void calls(CallWatchdog watchdog, long innerNanos) {
        for (int i = 0; i < LatencyDrift.MIN_CALLS_PER_SECOND + 5; i++) {
            try (Call router = watchdog.enter("router"); Call files = watchdog.enter("files")) {
                long until = System.nanoTime() + innerNanos;
                while (System.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static void second(LatencyDrift drift, String component, long nanosPerCall) {
        record(drift, component, nanosPerCall, 25);
    }

    private static void record(LatencyDrift drift, String component, long nanosPerCall, int calls) {
        for (int i = 0; i < calls; i++) {
            drift.record(component, nanosPerCall);
        }
    }
}
