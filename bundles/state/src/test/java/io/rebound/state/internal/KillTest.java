package io.rebound.state.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.rebound.state.api.StateMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a child JVM writes with 8 threads and is killed with SIGKILL in the middle, three times on the same
 * file; every put it acknowledged must be there afterwards.
 */
class KillTest {

    private static final int WRITERS = 8;
    private static final int ACKS_BEFORE_KILL = 1500;

    @TempDir
    Path data;

    @Test
    void sigkillMidWritesLosesNoAcknowledgedPut() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            acknowledged.addAll(writeUntilKilled("run" + run));
        }
        DurableStateStore store = new DurableStateStore(StoreLocation.file(data.toString()), true, 10_000, 4, 30_000);
        try {
            StateMap map = store.map("crash");
            int lost = 0;
            for (String key : acknowledged) {
                if (!("value of " + key).equals(map.getText(key))) {
                    lost++;
                }
            }
            System.out.println("KillTest: " + acknowledged.size() + " acknowledged puts over 3 SIGKILLs, " + lost
                    + " lost, " + map.size() + " keys in the store");
            assertEquals(0, lost, "acknowledged puts lost");
            assertTrue(map.size() >= acknowledged.size());
        } finally {
            store.deactivate();
        }
    }

    private List<String> writeUntilKilled(String run) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), data.toString(),
                String.valueOf(WRITERS), run).redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = builder.start();
        List<String> acks = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (acks.size() < ACKS_BEFORE_KILL && (line = in.readLine()) != null) {
                assertTrue(System.nanoTime() < deadline, "the writer acknowledged only " + acks.size() + " puts");
                if (line.startsWith("ack ")) {
                    acks.add(line.substring(4));
                }
            }
            // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipe.
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
            // Lines printed before the kill are still in the pipe: each is an acknowledged put.
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    acks.add(line.substring(4));
                }
            }
        } finally {
            child.destroyForcibly();
        }
        assertTrue(acks.size() >= ACKS_BEFORE_KILL, "the writer died early after " + acks.size() + " puts");
        return acks;
    }
}
