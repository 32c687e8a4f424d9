package io.rebound.recovery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.rebound.state.api.Journal;
import io.rebound.state.api.StateMap;
import io.rebound.state.api.StateStore;

import org.junit.jupiter.api.Test;

class DurableRecoveriesTest {

    /** The store's contract in memory: what a second DurableRecoveries over the same store reads back. */
    private static final class MemoryStore implements StateStore {
        final Map<String, StateMap> maps = new TreeMap<>();
        final Map<String, Journal> journals = new TreeMap<>();

        @Override
        public StateMap map(String name) {
            return maps.computeIfAbsent(name, n -> new StateMap() {
                final TreeMap<String, byte[]> records = new TreeMap<>();

                public String name() {
                    return n;
                }

                public byte[] get(String key) {
                    return records.get(key);
                }

                public boolean put(String key, byte[] value) {
                    return records.put(key, value) == null;
                }

                public boolean remove(String key) {
                    return records.remove(key) != null;
                }

                public List<String> keys(String prefix, String after, int limit) {
                    return new ArrayList<>(records.keySet());
                }

                public long size() {
                    return records.size();
                }
            });
        }

        @Override
        public Journal journal(String name) {
            return journals.computeIfAbsent(name, n -> new Journal() {
                final List<String> entries = new ArrayList<>();

                public String name() {
                    return n;
                }

                public long append(String entry) {
                    entries.add(entry);
                    return entries.size();
                }

                public List<String> latest(int max) {
                    return new ArrayList<>(entries.subList(Math.max(0, entries.size() - max), entries.size()));
                }

                public int trim(int keep) {
                    int removed = Math.max(0, entries.size() - keep);
                    entries.subList(0, removed).clear();
                    return removed;
                }

                public long size() {
                    return entries.size();
                }
            });
        }
    }

    @Test
    void historyAndWindowsSurviveANewInstance() {
        MemoryStore store = new MemoryStore();
        DurableRecoveries first = new DurableRecoveries(store);
        RecoveryRecord record = new RecoveryRecord("kv", "call failed:\tbroken\nsecond line \\ end",
                Instant.parse("2026-01-02T03:04:05.678Z"), Instant.parse("2026-01-02T03:04:05.900Z"), 3, 222,
                "RECOVERED", "microreboot kv");
        first.recovered(record);
        first.restarted("kv");
        first.restarted("kv");
        first.escalated("parser");
        store.map(DurableRecoveries.RESTARTS).put("old", "1000".getBytes(StandardCharsets.UTF_8));

        DurableRecoveries second = new DurableRecoveries(store);
        assertEquals(List.of(record), second.history());
        Map<String, List<Long>> restarts = second.restarts(Duration.ofMinutes(1));
        assertEquals(2, restarts.get("kv").size());
        long now = System.nanoTime();
        assertTrue(restarts.get("kv").stream().allMatch(t -> now - t >= 0 && now - t < 60_000_000_000L));
        assertEquals(List.of(), restarts.get("old"), "outside the window");
        assertEquals(1, second.escalations(Duration.ofMinutes(1)).get("parser").size());

        second.forget("kv");
        assertEquals(null, new DurableRecoveries(store).restarts(Duration.ofMinutes(1)).get("kv"));
    }
}
