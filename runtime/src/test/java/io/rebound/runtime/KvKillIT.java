package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash-only state, end to end: concurrent writers PUT unique keys into kv while kv is crashed again and again
 * (injected faults) and the whole process is SIGKILLed and started again on the same data directory; afterwards
 * every key that got a 2xx reads back with its value.
 */
class KvKillIT {

    private static final Duration READY = Duration.ofSeconds(90);
    private static final Pattern READY_LINE =
            Pattern.compile("rebound ready (http://127\\.0\\.0\\.1:\\d+/) admin (http://127\\.0\\.0\\.1:\\d+/)");
    private static final int WRITERS = 8;
    private static final int KILLS = 3;
    private static final int KV_CRASHES_PER_RUN = 2;
    private static final int ACKS_PER_PHASE = 150;

    @RegisterExtension
    final ReboundProcesses processes = new ReboundProcesses();

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ConcurrentMap<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();

    @Test
    void noAcknowledgedPutIsLostToKvCrashesOrSigkill() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("www"));
        Path data = tmp.resolve("data");
        for (int run = 0; run < KILLS; run++) {
            ReboundProcesses.Child server = start(root, data);
            Matcher ready = ready(server);
            String base = ready.group(1);
            String admin = ready.group(2);
            String token = Files.readString(data.resolve("admin.token")).trim();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> writers = startWriters(base, "run" + run, running);
            try {
                for (int c = 0; c < KV_CRASHES_PER_RUN; c++) {
                    awaitMoreAcks(ACKS_PER_PHASE);
                    assertEquals(202, post(admin + "faults/kv?kind=crash", token).statusCode());
                }
                awaitMoreAcks(ACKS_PER_PHASE);
                // Mid-writes: puts are in flight on every writer.
                server.kill();
            } finally {
                running.set(false);
                for (Thread t : writers) {
                    t.join(TimeUnit.SECONDS.toMillis(30));
                }
            }
        }

        ReboundProcesses.Child server = start(root, data);
        String base = ready(server).group(1);
        int lost = 0;
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            HttpResponse<byte[]> read = send("GET", base + "kv/" + e.getKey(), null);
            if (read.statusCode() != 200 || !e.getValue().equals(new String(read.body(), StandardCharsets.UTF_8))) {
                lost++;
            }
        }
        System.out.println("KvKillIT: " + acknowledged.size() + " PUTs acknowledged by " + WRITERS + " writers over "
                + KILLS + " SIGKILLs and " + KILLS * KV_CRASHES_PER_RUN + " kv crashes; outcomes " + outcomes
                + "; lost " + lost);
        assertEquals(0, lost, "acknowledged PUTs lost");
        assertTrue(acknowledged.size() >= KILLS * (KV_CRASHES_PER_RUN + 1) * ACKS_PER_PHASE);
    }

    private ReboundProcesses.Child start(Path root, Path data) throws IOException {
        return processes.start(tmp, Map.of(), "--port", "0", "--admin-port", "0", "--root", root.toString(),
                "--data", data.toString(), "--faults");
    }

    private static Matcher ready(ReboundProcesses.Child child) throws InterruptedException {
        String line = child.nextLine(READY);
        Matcher matcher = READY_LINE.matcher(line);
        assertTrue(matcher.matches(), "not a ready line: " + line);
        return matcher;
    }

    private List<Thread> startWriters(String base, String run, AtomicBoolean running) {
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    String key = run + "-" + writer + "-" + i;
                    String value = "value of " + key;
                    String outcome;
                    try {
                        int status = send("PUT", base + "kv/" + key, value.getBytes(StandardCharsets.UTF_8))
                                .statusCode();
                        if (status >= 200 && status < 300) {
                            acknowledged.put(key, value);
                        }
                        outcome = String.valueOf(status);
                    } catch (IOException e) {
                        outcome = "connection error";
                        if (!running.get()) {
                            return;
                        }
                    }
                    synchronized (outcomes) {
                        outcomes.merge(outcome, 1, Integer::sum);
                    }
                }
            }, "it-kv-writer-" + w);
            t.setDaemon(true);
            t.start();
            writers.add(t);
        }
        return writers;
    }

    private void awaitMoreAcks(int more) throws InterruptedException {
        int target = acknowledged.size() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() < target) {
            assertTrue(System.nanoTime() < deadline, "kv stopped acknowledging PUTs at " + acknowledged.size()
                    + "; outcomes " + outcomes);
            Thread.sleep(10);
        }
    }

    private HttpResponse<byte[]> send(String method, String url, byte[] body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private HttpResponse<byte[]> post(String url, String token) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
