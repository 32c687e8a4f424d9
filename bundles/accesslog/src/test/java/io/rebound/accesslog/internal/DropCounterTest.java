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
    private final DropCounter drops = new DropCounter(log);

    @Test
    void reportsAtMostOncePerTenSecondsWithTheCount() {
        drops.reportIfDue(T0);
        assertTrue(log.at(Level.WARNING).isEmpty(), "nothing dropped, nothing reported");

        for (int i = 0; i < 3; i++) {
            drops.count();
        }
        drops.reportIfDue(T0);
        drops.count();
        drops.count();
        drops.reportIfDue(T0 + 5 * SECOND);
        drops.reportIfDue(T0 + 10 * SECOND - 1);
        List<String> warnings = log.at(Level.WARNING);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("dropped 3 records"), warnings.get(0));

        drops.reportIfDue(T0 + 10 * SECOND);
        warnings = log.at(Level.WARNING);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(1).contains("dropped 2 records"), warnings.get(1));

        drops.reportIfDue(T0 + 60 * SECOND);
        assertEquals(2, log.at(Level.WARNING).size(), "no new drops, no new warning");
        assertEquals(5, drops.total());
    }

    @Test
    void reportsWhatIsLeftOnShutdown() {
        drops.count();
        drops.reportIfDue(T0);
        drops.count();
        drops.reportIfDue(T0 + SECOND);
        drops.reportRemaining();
        List<String> warnings = log.at(Level.WARNING);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(1).contains("dropped 1 records before stopping"), warnings.get(1));
    }
}
