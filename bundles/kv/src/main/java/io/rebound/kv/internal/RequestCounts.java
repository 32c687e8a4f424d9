package io.rebound.kv.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests served per method, since the first instance ever: the little in-memory state kv checkpoints (every few
 * seconds and on a planned stop) and restores, to show checkpoint/restore across reboots. Its checkpoint is text,
 * {@code METHOD COUNT} lines.
 */
final class RequestCounts {

    static final String[] METHODS = { "GET", "HEAD", "PUT", "DELETE" };

    private final Map<String, LongAdder> counts = new LinkedHashMap<>();

    RequestCounts() {
        for (String method : METHODS) {
            counts.put(method, new LongAdder());
        }
    }

    void count(String method) {
        LongAdder adder = counts.get(method);
        if (adder != null) {
            adder.increment();
        }
    }

    /** @return method to count, in {@link #METHODS} order */
    Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new LinkedHashMap<>();
        counts.forEach((method, adder) -> snapshot.put(method, adder.sum()));
        return snapshot;
    }

    byte[] checkpoint() {
        StringBuilder out = new StringBuilder();
        snapshot().forEach((method, n) -> out.append(method).append(' ').append(n).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Adds the counts of a checkpoint to these (requests served before the restore are kept); ignores bad lines. */
    void restore(byte[] checkpoint) {
        for (String line : new String(checkpoint, StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.split(" ");
            LongAdder adder = parts.length == 2 ? counts.get(parts[0]) : null;
            if (adder == null) {
                continue;
            }
            try {
                long n = Long.parseLong(parts[1]);
                if (n > 0) {
                    adder.add(n);
                }
            } catch (NumberFormatException e) {
                // A damaged line costs its count only.
            }
        }
    }
}
