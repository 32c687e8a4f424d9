package io.rebound.accesslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DropCounterTest {

    private static final long T0 = 1_000_000_000L;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final RecordingLogger log = new RecordingLogger();
    // The queue had refused 7 records before this writer started: those were the previous writer's to report.
    private final DropCounter drops = new DropCounter(log, 7);

    @Test
    void reportsAtMostOncePerTenSecondsWithTheCount() {
        drops.update(7, T0);
        assertTrue(log.at(Level.WARNING).isEmpty(), "nothing dropped, nothing reported");

        drops.update(10, T0);
        drops.update(12, T0 + 5 * SECOND);
        drops.update(12, T0 + 10 * SECOND - 1);
        List<String> warnings = log.at(Level.WARNING);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("dropped 3 records"), warnings.get(0));

        drops.update(12, T0 + 10 * SECOND);
        warnings = log.at(Level.WARNING);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(1).contains("dropped 2 records since the last report"), warnings.get(1));

        drops.update(12, T0 + 60 * SECOND);
        assertEquals(2, log.at(Level.WARNING).size(), "no new drops, no new warning");
        assertEquals(7, drops.baseline());
    }

    @Test
    void reportsWhatIsLeftOnShutdown() {
        drops.update(8, T0);
        drops.update(9, T0 + SECOND);
        drops.reportRemaining(9);
        List<String> warnings = log.at(Level.WARNING);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(1).contains("dropped 1 records before stopping"), warnings.get(1));
        drops.reportRemaining(9);
        assertEquals(2, log.at(Level.WARNING).size(), "reported once");
    }
}
