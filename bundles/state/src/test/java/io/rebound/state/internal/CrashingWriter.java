package io.rebound.state.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.rebound.state.api.StateMap;

/**
 * Run as a separate JVM by {@link KillTest}: writers put unique keys into a store and print {@code ack KEY} for
 * each put that returned, until the process is killed.
 */
public final class CrashingWriter {

    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int writers = Integer.parseInt(args[1]);
        String run = args[2];
        DurableStateStore store = new DurableStateStore(StoreLocation.file(dataDir.toString()), true, 30_000, 4,
                30_000);
        StateMap map = store.map("crash");
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                for (int i = 0;; i++) {
                    String key = run + "-" + writer + "-" + i;
                    map.putText(key, "value of " + key);
                    synchronized (out) {
                        out.println("ack " + key);
                        out.flush();
                    }
                }
            }, "crash-writer-" + w);
            t.start();
        }
        synchronized (out) {
            out.println("started");
            out.flush();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
