package io.rebound.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The state bundle in a running server: kv's records survive kv crashing again and again under concurrent writers
 * (every PUT that got a 2xx reads back), kv's checkpointed counters survive its reboots, and the access log loses
 * no line while its writer crashes again and again (line count = responses served).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DurableStateIT {

    /** No backoff, and a restart intensity that repeated crashes in one test never reach. */
    private static final Map<String, Object> MANY_RESTARTS = Map.of("backoff.initial.millis", 0L,
            "max.restarts", 1000);
    private static final int WRITERS = 8;
    private static final int CRASHES = 6;
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private RunningServer server;
    private ReboundAdmin admin;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() {
        return ReboundOptions.config();
    }

    @Before
    public void manyRestarts() throws Exception {
        server = RunningServer.await(context());
        RecoveryTuning.configureDefaults(context(), MANY_RESTARTS);
        admin = new ReboundAdmin(server);
        admin.awaitAnswering();
        Await.until("kv to be ACTIVE", () -> "ACTIVE".equals(admin.state("kv")) ? true : null);
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.http(path)).timeout(Duration.ofSeconds(20));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Test
    public void kvAnswersTheContract() throws Exception {
        assertEquals(201, send("PUT", "/kv/itest%2Fcontract", "one".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(204, send("PUT", "/kv/itest%2Fcontract", "two".getBytes(StandardCharsets.UTF_8)).statusCode());
        HttpResponse<byte[]> read = send("GET", "/kv/itest%2Fcontract", null);
        assertEquals(200, read.statusCode());
        assertEquals("two", new String(read.body(), StandardCharsets.UTF_8));
        assertEquals(414, send("PUT", "/kv/" + "k".repeat(513), new byte[1]).statusCode());
        assertEquals(413, send("PUT", "/kv/too-big", new byte[1024 * 1024 + 1]).statusCode());
        String listing = new String(send("GET", "/kv/?prefix=itest/", null).body(), StandardCharsets.UTF_8);
        assertEquals("itest/contract\n", listing);
        assertEquals(204, send("DELETE", "/kv/itest%2Fcontract", null).statusCode());
        assertEquals(404, send("GET", "/kv/itest%2Fcontract", null).statusCode());
    }

    @Test
    public void everyAcknowledgedPutSurvivesRepeatedKvCrashes() throws Exception {
        ConcurrentMap<String, String> acknowledged = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicInteger errors = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        AtomicBoolean running = new AtomicBoolean(true);
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                for (int i = 0; running.get() && System.nanoTime() < until; i++) {
                    String key = "crash-" + writer + "-" + i;
                    String value = "value of " + key;
                    try {
                        int status = send("PUT", "/kv/" + key, value.getBytes(StandardCharsets.UTF_8)).statusCode();
                        outcomes.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        if (status >= 200 && status < 300) {
                            acknowledged.put(key, value);
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                }
            }, "itest-kv-writer-" + w);
            t.setDaemon(true);
            t.start();
            writers.add(t);
        }
        int restartsBefore = admin.restarts("kv");
        try {
            for (int c = 0; c < CRASHES; c++) {
                int acksBefore = acknowledged.size();
                Await.until("kv writes to go on before crash " + (c + 1),
                        () -> acknowledged.size() > acksBefore + 50 ? true : null);
                admin.injectAccepted("kv", "crash");
                int expected = restartsBefore + c + 1;
                Await.until("kv to be rebooted after crash " + (c + 1), RECOVERY,
                        () -> admin.restarts("kv") >= expected && "ACTIVE".equals(admin.state("kv")) ? true : null);
            }
            int acksAfter = acknowledged.size();
            Await.until("kv writes to go on after the last crash",
                    () -> acknowledged.size() > acksAfter + 50 ? true : null);
        } finally {
            running.set(false);
            for (Thread t : writers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
        int lost = 0;
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            HttpResponse<byte[]> read = send("GET", "/kv/" + e.getKey(), null);
            if (read.statusCode() != 200 || !e.getValue().equals(new String(read.body(), StandardCharsets.UTF_8))) {
                lost++;
            }
        }
        System.out.println("DurableStateIT: " + acknowledged.size() + " PUTs acknowledged by " + WRITERS
                + " writers across " + CRASHES + " kv crashes; outcomes " + outcomes + ", " + errors
                + " connection errors; lost " + lost);
        assertEquals("acknowledged PUTs lost", 0, lost);
        assertTrue("kv restarts", admin.restarts("kv") >= restartsBefore + CRASHES);
    }

    @Test
    public void kvCountersAreCheckpointedAcrossReboots() throws Exception {
        for (int i = 0; i < 7; i++) {
            assertEquals(404, send("GET", "/kv/counted-" + i, null).statusCode());
        }
        long before = getCount();
        admin.restart("kv");
        long after = getCount();
        assertTrue("GET count " + before + " before a planned reboot, " + after + " after", after > before);
    }

    /**
     * kv's reboots go through the state bundle (a checkpoint on the way down, a restore on the way up) and its
     * queues: none of that may keep a class of an old kv revision alive.
     */
    @Test
    public void kvRebootsLeaveNoClassLoaderBehind() throws Exception {
        ClassLoaderWitness first = new ClassLoaderWitness(Bundles.component("kv"));
        for (int i = 0; i < 20; i++) {
            admin.restart("kv");
        }
        assertTrue("kv has a new class loader", first.replaced());
        Await.until("the first class loader of kv to be collected", Duration.ofSeconds(30), () -> {
            System.gc();
            return first.collected() ? true : null;
        });
        assertEquals(201, send("PUT", "/kv/after-reboots", new byte[] { 1 }).statusCode());
    }

    private long getCount() throws IOException {
        String stats = new String(send("GET", "/kv/?stats", null).body(), StandardCharsets.UTF_8);
        for (String line : stats.split("\n")) {
            if (line.startsWith("GET ")) {
                return Long.parseLong(line.substring(4).trim());
            }
        }
        throw new AssertionError("no GET count in " + stats);
    }

    @Test
    public void accessLogLineCountEqualsResponsesAcrossRepeatedAccesslogCrashes() throws Exception {
        Path accessLog = server.data().resolve("logs").resolve("access.log");
        long baseline = Await.until("the access log to settle", () -> {
            long first = lines(accessLog);
            Thread.sleep(1500);
            return lines(accessLog) == first ? first : null;
        });
        AtomicLong served = new AtomicLong();
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    try {
                        send("GET", TestDocroot.INDEX, null);
                        served.incrementAndGet();
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                }
            }, "itest-accesslog-client-" + w);
            t.setDaemon(true);
            t.start();
            clients.add(t);
        }
        int restartsBefore = admin.restarts("accesslog");
        try {
            for (int c = 0; c < CRASHES; c++) {
                long servedBefore = served.get();
                Await.until("requests to flow before crash " + (c + 1),
                        () -> served.get() > servedBefore + 100 ? true : null);
                admin.injectAccepted("accesslog", "crash");
                int expected = restartsBefore + c + 1;
                Await.until("accesslog to be rebooted after crash " + (c + 1), RECOVERY,
                        () -> admin.restarts("accesslog") >= expected && "ACTIVE".equals(admin.state("accesslog"))
                                ? true : null);
            }
        } finally {
            running.set(false);
            for (Thread t : clients) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
        long expectedLines = baseline + served.get();
        long written = Await.until("the access log to hold " + expectedLines + " lines", RECOVERY, () -> {
            long n = lines(accessLog);
            return n >= expectedLines ? n : null;
        });
        Thread.sleep(1500); // Nothing more may come: a duplicate line would show up as more than expected.
        written = lines(accessLog);
        System.out.println("DurableStateIT: " + served.get() + " responses served across " + CRASHES
                + " accesslog crashes, " + (written - baseline) + " access log lines written, " + failed
                + " client errors");
        assertEquals("client errors", 0, failed.get());
        assertEquals("access log lines for the responses served", served.get(), written - baseline);
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    private static BundleContext context() {
        return Bundles.context();
    }
}
