import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measuring half of bench/kv.sh: durable PUT throughput of kv with 1 and 16 concurrent clients, GET throughput,
 * and how long kv takes to serve again holding 100k keys — after an admin restart, after an injected crash, and
 * (the whole process) after SIGKILL and a fresh start, which recovers the store file.
 *
 * <pre>java bench/KvBench.java --jar JAR --tmp DIR [--keys N] [--seconds S] [--value-bytes B] [--reboots N]</pre>
 */
public final class KvBench {

    private static final Pattern READY = Pattern.compile("rebound ready (http://\\S+/) admin (http://\\S+/)");
    private static final Pattern STORE_OPEN = Pattern.compile("state store .* open \\(recovered\\) in (\\d+) ms");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Path tmp;
    private final Path jar;
    private final int keys;
    private final int seconds;
    private final byte[] value;
    private final int reboots;
    private Process server;
    private String base;
    private String admin;
    private String token;
    private Path stderr;

    private KvBench(Path jar, Path tmp, int keys, int seconds, int valueBytes, int reboots) {
        this.jar = jar;
        this.tmp = tmp;
        this.keys = keys;
        this.seconds = seconds;
        this.value = new byte[valueBytes];
        Arrays.fill(value, (byte) 'v');
        this.reboots = reboots;
    }

    public static void main(String[] args) throws Exception {
        Path jar = null;
        Path tmp = null;
        int keys = 100_000;
        int seconds = 10;
        int valueBytes = 100;
        int reboots = 5;
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--jar" -> jar = Path.of(v);
                case "--tmp" -> tmp = Path.of(v);
                case "--keys" -> keys = Integer.parseInt(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--value-bytes" -> valueBytes = Integer.parseInt(v);
                case "--reboots" -> reboots = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (jar == null || tmp == null) {
            throw new IllegalArgumentException("--jar and --tmp are required");
        }
        KvBench bench = new KvBench(jar, tmp, keys, seconds, valueBytes, reboots);
        try {
            bench.run();
        } finally {
            bench.stop(true);
        }
    }

    private void run() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.createDirectories(data.resolve("deploy"));
        // A budget that never backs off or escalates: every crash below is one plain microreboot.
        Files.writeString(data.resolve("deploy").resolve("io.rebound.recovery.cfg"),
                "max.restarts=1000000\nbackoff.initial.millis=0\n");
        Path copy = Files.copy(jar, tmp.resolve("rebound.jar"), StandardCopyOption.REPLACE_EXISTING);
        long startMillis = start(copy, data, "first");
        System.out.printf(Locale.ROOT, "first start: ready in %d ms%n", startMillis);

        System.out.printf(Locale.ROOT, "%nloading %,d keys (%d-byte values, 16 clients, durable PUTs) ...%n", keys,
                value.length);
        AtomicLong next = new AtomicLong();
        Result load = drive(16, 0, () -> {
            long k = next.getAndIncrement();
            return k < keys ? put("bench/" + k) : -1;
        });
        report("load " + keys + " keys", load);

        Result put1 = drive(1, seconds, () -> put("c1/" + ThreadLocalRandom.current().nextLong()));
        Result put16 = drive(16, seconds, () -> put("c16/" + ThreadLocalRandom.current().nextLong()));
        Result get16 = drive(16, seconds, () -> get("bench/" + ThreadLocalRandom.current().nextInt(keys)));
        Result get1 = drive(1, seconds, () -> get("bench/" + ThreadLocalRandom.current().nextInt(keys)));
        System.out.println();
        System.out.println("throughput (each " + seconds + " s, client and server on the same machine):");
        report("durable PUT, 1 client", put1);
        report("durable PUT, 16 clients", put16);
        report("GET, 1 client", get1);
        report("GET, 16 clients", get16);

        long stored = countKeys();
        System.out.printf(Locale.ROOT, "%nkv holds %,d keys; recovery of kv (median of %d):%n", stored, reboots);
        List<Long> restartServer = new ArrayList<>();
        List<Long> restartClient = new ArrayList<>();
        for (int i = 0; i < reboots; i++) {
            long t0 = System.nanoTime();
            String body = adminPost("components/kv/restart");
            restartClient.add(awaitServing(t0));
            Matcher m = Pattern.compile("\"durationMillis\":(\\d+)").matcher(body);
            restartServer.add(m.find() ? Long.parseLong(m.group(1)) : -1);
        }
        System.out.printf(Locale.ROOT, "  admin restart:          reboot %4d ms (server), serving again after %4d ms%n",
                median(restartServer), median(restartClient));
        List<Long> crashRecovery = new ArrayList<>();
        List<Long> crashClient = new ArrayList<>();
        for (int i = 0; i < reboots; i++) {
            int before = recoveries();
            adminPost("faults/kv?kind=crash");
            long t0 = System.nanoTime();
            get("bench/1"); // the first call after the crash fails (or is retried on the new instance)
            crashClient.add(awaitServing(t0));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (recoveries() <= before && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            crashRecovery.add(lastRecoveryMillis());
        }
        System.out.printf(Locale.ROOT, "  injected crash:         recovery %4d ms (/recoveries durationMillis), "
                + "serving again after %4d ms%n", median(crashRecovery), median(crashClient));

        List<Long> killReady = new ArrayList<>();
        List<Long> killOpen = new ArrayList<>();
        for (int i = 0; i < Math.min(reboots, 3); i++) {
            // Mid-writes: a client is PUTting when the process dies.
            Thread writer = new Thread(() -> {
                try {
                    while (true) {
                        put("kill/" + ThreadLocalRandom.current().nextLong());
                    }
                } catch (Exception e) {
                    // The server died.
                }
            }, "bench-kill-writer");
            writer.setDaemon(true);
            writer.start();
            Thread.sleep(300);
            server.toHandle().destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            start(copy, data, "after-kill-" + i);
            awaitServing(t0);
            killReady.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            killOpen.add(storeOpenMillis());
        }
        System.out.printf(Locale.ROOT, "  SIGKILL + start again:  store recovered (opened) in %4d ms, kv serving %d ms "
                + "after the start (JVM and framework start included)%n", median(killOpen), median(killReady));
        System.out.printf(Locale.ROOT, "  keys afterwards: %,d (every loaded key still there: %s)%n", countKeys(),
                get("bench/" + (keys - 1)) == 200 && get("bench/0") == 200);
    }

    // ---- the server ----

    private long start(Path copy, Path data, String label) throws Exception {
        stderr = tmp.resolve("server-" + label + ".stderr");
        long t0 = System.nanoTime();
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                copy.toString(), "--port", "0", "--admin-port", "0", "--faults", "--data", data.toString(), "--root",
                tmp.resolve("www").toString()).redirectError(stderr.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // Killed.
            }
        }, "bench-stdout");
        reader.setDaemon(true);
        reader.start();
        String line = lines.poll(90, TimeUnit.SECONDS);
        Matcher m = line == null ? null : READY.matcher(line);
        if (m == null || !m.matches()) {
            throw new IllegalStateException("no ready line (got " + line + "); see " + stderr);
        }
        base = m.group(1);
        admin = m.group(2);
        token = Files.readString(data.resolve("admin.token")).trim();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        awaitServing(System.nanoTime());
        return took;
    }

    private void stop(boolean force) {
        if (server != null && server.isAlive()) {
            server.destroy();
            try {
                if (!server.waitFor(20, TimeUnit.SECONDS) && force) {
                    server.destroyForcibly();
                }
            } catch (InterruptedException e) {
                server.destroyForcibly();
            }
        }
    }

    private long storeOpenMillis() throws IOException {
        Matcher m = STORE_OPEN.matcher(Files.readString(stderr));
        long ms = -1;
        while (m.find()) {
            ms = Long.parseLong(m.group(1));
        }
        return ms;
    }

    // ---- requests ----

    private int put(String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "kv/" + key)).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(value)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int get(String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "kv/" + key)).timeout(Duration.ofSeconds(30))
                .GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** @return ms from {@code t0} until GET of a loaded key answers 200 */
    private long awaitServing(long t0) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                int status = get("bench/0");
                if (status == 200 || status == 404) {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                }
            } catch (IOException e) {
                // Not yet.
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("kv not serving within 60 s; see " + stderr);
    }

    private long countKeys() throws Exception {
        long n = 0;
        String after = null;
        while (true) {
            String url = base + "kv/?limit=10000" + (after == null ? "" : "&after=" + after);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = page.body();
            n += body.isEmpty() ? 0 : body.split("\n").length;
            after = page.headers().firstValue("Kv-Next-After").orElse(null);
            if (after == null) {
                return n;
            }
        }
    }

    private String adminPost(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(admin + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private String adminGet(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(admin + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private int recoveries() throws Exception {
        Matcher m = Pattern.compile("\"name\":").matcher(adminGet("recoveries"));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private long lastRecoveryMillis() throws Exception {
        Matcher m = Pattern.compile("\"durationMillis\":(\\d+)").matcher(adminGet("recoveries"));
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    // ---- load ----

    @FunctionalInterface
    private interface Op {
        /** @return the status, or -1 when there is nothing more to do */
        int call() throws Exception;
    }

    private record Result(long ops, long errors, long nanos, long[] latencies) {
    }

    /** Runs {@code op} on {@code clients} threads for {@code seconds} (0: until it says done). */
    private Result drive(int clients, int seconds, Op op) throws InterruptedException {
        AtomicLong ops = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = seconds == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<long[]> samples = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] latencies = new long[1 << 20];
            samples.add(latencies);
            Thread t = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    int status;
                    try {
                        status = op.call();
                    } catch (Exception e) {
                        status = 0;
                    }
                    if (status < 0) {
                        break;
                    }
                    if (status >= 200 && status < 300) {
                        ops.incrementAndGet();
                        if (n < latencies.length) {
                            latencies[n++] = System.nanoTime() - s;
                        }
                    } else {
                        errors.incrementAndGet();
                    }
                }
                latencies[latencies.length - 1] = n;
            }, "bench-client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long nanos = System.nanoTime() - t0;
        int total = 0;
        for (long[] l : samples) {
            total += (int) l[l.length - 1];
        }
        long[] all = new long[total];
        int i = 0;
        for (long[] l : samples) {
            int n = (int) l[l.length - 1];
            System.arraycopy(l, 0, all, i, n);
            i += n;
        }
        Arrays.sort(all);
        return new Result(ops.get(), errors.get(), nanos, all);
    }

    private static void report(String what, Result r) {
        double perSecond = r.ops() / (r.nanos() / 1e9);
        System.out.printf(Locale.ROOT, "  %-26s %9.0f ops/s   p50 %6.2f ms   p99 %6.2f ms   (%,d ok, %d errors)%n",
                what, perSecond, percentile(r.latencies(), 0.50), percentile(r.latencies(), 0.99), r.ops(),
                r.errors());
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
