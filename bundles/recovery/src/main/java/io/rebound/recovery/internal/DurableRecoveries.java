package io.rebound.recovery.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rebound.state.api.Journal;
import io.rebound.state.api.StateException;
import io.rebound.state.api.StateMap;
import io.rebound.state.api.StateStore;

/**
 * The recovery history and the restart windows in the state store, so that a reboot of the recovery bundle (or of
 * the process) neither forgets failures nor resets budgets. Used on the supervisor thread only. Timestamps are kept
 * as epoch milliseconds (the supervisor's nanoTime clock does not survive the process) and converted on the way in
 * and out. A store that fails costs the persistence of one entry, never a recovery: failures are logged.
 */
final class DurableRecoveries {

    static final String HISTORY = "recovery.history";
    static final String RESTARTS = "recovery.restarts";
    static final String ESCALATIONS = "recovery.escalations";
    /** As many as RecoveryHistory keeps in memory. */
    static final int HISTORY_KEPT = 10_000;
    /** Restart timestamps kept per component: more than any sane max.restarts. */
    private static final int TIMESTAMPS_KEPT = 1_000;

    private static final System.Logger LOG = System.getLogger("io.rebound.recovery");

    private final Journal history;
    private final StateMap restarts;
    private final StateMap escalations;
    private int appendsSinceTrim;

    DurableRecoveries(StateStore store) {
        this.history = store.journal(HISTORY);
        this.restarts = store.map(RESTARTS);
        this.escalations = store.map(ESCALATIONS);
    }

    /** @return the persisted recoveries, oldest first */
    List<RecoveryRecord> history() {
        List<RecoveryRecord> records = new ArrayList<>();
        try {
            for (String line : history.latest(HISTORY_KEPT)) {
                try {
                    records.add(decode(line));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "skipping an unreadable persisted recovery record: " + e.getMessage());
                }
            }
        } catch (StateException e) {
            LOG.log(Level.WARNING, "cannot read the persisted recovery history: " + e.getMessage());
        }
        return records;
    }

    void recovered(RecoveryRecord record) {
        try {
            history.append(encode(record));
            if (++appendsSinceTrim >= 1000) {
                appendsSinceTrim = 0;
                history.trim(HISTORY_KEPT);
            }
        } catch (StateException e) {
            LOG.log(Level.WARNING, "recovery of " + record.name() + " not persisted: " + e.getMessage());
        }
    }

    /** Persists one restart of {@code name} now (restart intensity). */
    void restarted(String name) {
        add(restarts, name);
    }

    /** Persists one escalation step of {@code name} now. */
    void escalated(String name) {
        add(escalations, name);
    }

    /** Forgets both windows of {@code name} (an operator restart gives a fresh budget). */
    void forget(String name) {
        try {
            restarts.remove(name);
            escalations.remove(name);
        } catch (StateException e) {
            LOG.log(Level.WARNING, "restart budget of " + name + " not reset in the store: " + e.getMessage());
        }
    }

    /** @return persisted restarts within {@code window}, per component, on the {@link System#nanoTime()} clock */
    Map<String, List<Long>> restarts(Duration window) {
        return read(restarts, window);
    }

    Map<String, List<Long>> escalations(Duration window) {
        return read(escalations, window);
    }

    private void add(StateMap map, String name) {
        try {
            String previous = map.getText(name);
            List<String> stamps = new ArrayList<>(previous == null || previous.isEmpty() ? List.of()
                    : List.of(previous.split(",")));
            stamps.add(Long.toString(System.currentTimeMillis()));
            if (stamps.size() > TIMESTAMPS_KEPT) {
                stamps = stamps.subList(stamps.size() - TIMESTAMPS_KEPT, stamps.size());
            }
            map.putText(name, String.join(",", stamps));
        } catch (StateException e) {
            LOG.log(Level.WARNING, "restart of " + name + " not persisted: " + e.getMessage());
        }
    }

    private static Map<String, List<Long>> read(StateMap map, Duration window) {
        Map<String, List<Long>> byName = new LinkedHashMap<>();
        long nowMillis = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        try {
            for (String name : map.keys("", null, 10_000)) {
                String stamps = map.getText(name);
                if (stamps == null || stamps.isEmpty()) {
                    continue;
                }
                List<Long> nanos = new ArrayList<>();
                for (String stamp : stamps.split(",")) {
                    long ageMillis = nowMillis - Long.parseLong(stamp);
                    if (ageMillis >= 0 && ageMillis <= window.toMillis()) {
                        nanos.add(nowNanos - ageMillis * 1_000_000);
                    }
                }
                byName.put(name, nanos);
            }
        } catch (StateException | NumberFormatException e) {
            LOG.log(Level.WARNING, "cannot read persisted restart windows: " + e.getMessage());
        }
        return byName;
    }

    // One line of tab-separated fields; text fields escape \\, tab and newlines.
    static String encode(RecoveryRecord r) {
        return String.join("\t", escape(r.name()), escape(r.cause()), r.detectedAt().toString(),
                r.recoveredAt().toString(), Long.toString(r.detectionMillis()), Long.toString(r.durationMillis()),
                escape(r.result()), escape(r.action()));
    }

    static RecoveryRecord decode(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 8) {
            throw new IllegalArgumentException("a recovery record has 8 fields, not " + f.length);
        }
        return new RecoveryRecord(unescape(f[0]), unescape(f[1]), Instant.parse(f[2]), Instant.parse(f[3]),
                Long.parseLong(f[4]), Long.parseLong(f[5]), unescape(f[6]), unescape(f[7]));
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                out.append(e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
