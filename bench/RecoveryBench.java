import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measuring half of bench/recovery.sh (which checks prerequisites, prints the machine and stops everything on
 * exit): crash faults injected into each Rebound component, round-robin, with a client requesting /1k.bin every few
 * milliseconds the whole time; then whole-process restarts (kill -9, start the jar again) under the same client as
 * the baseline. See bench/README.md, section "recovery.sh", for what is measured and how to read it.
 *
 * Built with the shared classes of bench/lib/ (a single-file {@code java bench/RecoveryBench.java} cannot see them):
 *
 * <pre>
 * javac -d CLASSES bench/RecoveryBench.java bench/lib/*.java
 * java -cp CLASSES RecoveryBench --jar JAR --tmp DIR [--crashes N] [--restarts N] ...
 * </pre>
 */
public final class RecoveryBench {

    private static final String DEFAULT_COMPONENTS = "parser,router,files,accesslog,connector";
    /** The default restart intensity of the supervisor (RecoveryConfig): 5 restarts within 60 s. */
    private static final int DEFAULT_MAX_RESTARTS = 5;
    private static final int DEFAULT_WINDOW_SECONDS = 60;
    private static final String RAISED_POLICY = "max.restarts=1000000\nbackoff.initial.millis=0\n";
    private static final double TARGET_CLIENT_SEEN_MS = 20;
    private static final double TARGET_RATIO = 50;

    public static void main(String[] args) throws Exception {
        BenchMain.main("recovery", args, Options::parse, options -> new RecoveryBench(options).run());
    }

    private final Options o;
    private final byte[] file;
    private final List<String> notes = new ArrayList<>();

    private RecoveryBench(Options options) throws Exception {
        this.o = options;
        this.file = oneKilobyte();
    }

    // ---- the run -----------------------------------------------------------------------------------------------

    private int run() throws Exception {
        Path root = o.tmp.resolve("root");
        Files.createDirectories(root);
        Files.write(root.resolve("1k.bin"), file);

        long spacingMs = o.spacingMs >= 0 ? o.spacingMs
                : o.raisedPolicy ? 0 : (DEFAULT_WINDOW_SECONDS * 1000L + DEFAULT_MAX_RESTARTS - 1) / DEFAULT_MAX_RESTARTS + 1000;
        System.out.printf("plan:        %d crash faults per component (%s), round-robin; client GET /1k.bin every %d ms on"
                + " one keep-alive connection; slow = over %d ms; recovery deadline %d s; %d ms pause after each"
                + " recovery%s%n", o.crashes, String.join(", ", o.components), o.intervalMs, o.slowMs,
                o.deadlineMs / 1000, o.pauseMs, spacingMs > 0 ? "; at least " + spacingMs / 1000.0
                        + " s between two crashes of the same component" : "");
        System.out.println("policy:      " + (o.raisedPolicy
                ? "raised restart budget: <data>/deploy/io.rebound.recovery.cfg (picked up by Felix FileInstall +"
                        + " ConfigAdmin) sets max.restarts=1000000, backoff.initial.millis=0 — plain microreboots,"
                        + " no backoff, no escalation"
                : "server defaults (5 restarts / 60 s, backoff 100 ms doubling from the 2nd restart within the window):"
                        + " crashes of one component spaced to stay under the escalation limit; backoff is included"));
        System.out.println("baseline:    " + o.restarts + " whole-process restarts of a second server: kill -9, then java"
                + " -jar again at once on the same fixed port (as systemd Restart=always RestartSec=0 would), under the"
                + " same kind of client; interleaved with the crash rounds (the crash client paused meanwhile), so both"
                + " see the same machine");
        System.out.println();

        List<CrashResult> crashes = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        Path microErr = o.tmp.resolve("microreboot.err");
        Path restartErr = o.tmp.resolve("restart.err");
        Baseline baseline = new Baseline(root, restartErr);
        boolean microOk;
        boolean restartOk;
        try {
            microOk = microreboots(root, spacingMs, crashes, skipped, microErr, baseline);
            restartOk = baseline.finish(); // restarts still due when the crash phase ended early
        } finally {
            baseline.close();
        }
        List<RestartResult> restarts = baseline.results;

        boolean pass = report(crashes, skipped, restarts);
        System.out.println();
        stderrReport("microreboot server", microErr);
        stderrReport("process-restart servers", restartErr);
        if (!notes.isEmpty()) {
            System.out.println();
            System.out.println("notes:");
            notes.forEach(n -> System.out.println("  - " + n));
        }
        System.out.println("load average at the end: " + Files.readString(Path.of("/proc/loadavg")).trim());
        return microOk && restartOk && pass ? 0 : 1;
    }

    // ---- phase 1: microreboots ---------------------------------------------------------------------------------

    private boolean microreboots(Path root, long spacingMs, List<CrashResult> results, Map<String, String> skipped,
            Path err, Baseline baseline) throws Exception {
        Path data = o.tmp.resolve("microreboot-data");
        Files.createDirectories(data.resolve("deploy"));
        if (o.raisedPolicy) {
            Files.writeString(data.resolve("deploy/io.rebound.recovery.cfg"), RAISED_POLICY);
        }
        List<String> cmd = BenchServer.command(List.of(), o.jar, 0, root, data);
        System.out.println("== microreboots ==");
        System.out.println("server:      " + String.join(" ", cmd));
        BenchServer server = BenchServer.start(cmd, o.tmp.resolve("microreboot.out"), err, o.pids);
        long startNanos = System.nanoTime();
        server.awaitReady(60_000);
        System.out.printf("ready in %.0f ms: public port %d, admin %s%n", Figures.ms(System.nanoTime() - startNanos),
                server.port, server.admin);
        BenchAdmin admin = new BenchAdmin(server.admin, Files.readString(data.resolve("admin.token")).trim(),
                Duration.ofSeconds(70));
        admin.awaitAllActive(o.components, o.deadlineMs);
        baseline.start();

        Client client = new Client(server.port, file, o.intervalMs, o.timeoutMs);
        client.start();
        try {
            sleep(o.warmupMs);
            long warmEnd = System.nanoTime();
            Outage warm = client.analyze(0, warmEnd, warmEnd, nanos(o.slowMs));
            List<Double> lat = client.latencies(0, System.nanoTime());
            System.out.printf("warm-up %d ms: %d requests, latency p50 %.2f / p99 %.2f / max %.2f ms, %d failed, %d slow%n",
                    o.warmupMs, lat.size(), Figures.median(lat), Figures.p99(lat), Figures.max(lat), warm.failed,
                    warm.slow);
            if (client.awaitOk(System.nanoTime(), nanos(o.deadlineMs)) == null) {
                throw new BenchFailure("the server does not answer GET /1k.bin with 200 and the file; last: "
                        + client.last());
            }
            System.out.println();
            Map<String, Long> lastInject = new LinkedHashMap<>();
            Map<String, Integer> missed = new LinkedHashMap<>();
            for (int round = 1; round <= o.crashes; round++) {
                for (String component : o.components) {
                    if (skipped.containsKey(component)) {
                        continue;
                    }
                    Long last = lastInject.get(component);
                    if (last != null) {
                        long wait = last + nanos(spacingMs) - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                    if (client.awaitOk(System.nanoTime(), nanos(o.deadlineMs)) == null) {
                        System.out.println("the server stopped serving between crashes; last request: " + client.last()
                                + "; stopping the microreboot phase");
                        notes.add("microreboot phase aborted before " + component + " crash " + round
                                + ": not serving between crashes");
                        return false;
                    }
                    lastInject.put(component, System.nanoTime());
                    CrashResult r = crashOnce(admin, client, component, round);
                    if (r.skipReason != null) {
                        skipped.put(component, r.skipReason);
                        System.out.printf("  %-10s skipped: %s%n", component, r.skipReason);
                        continue;
                    }
                    results.add(r);
                    System.out.println("  " + r.line(o.crashes));
                    if (!r.servedAgain) {
                        System.out.println("the server did not serve again within the deadline after " + component
                                + " crash " + round + "; last request: " + client.last()
                                + "; stopping the microreboot phase");
                        notes.add("microreboot phase aborted: not serving again after " + component + " crash " + round);
                        return false;
                    }
                    if (r.status.equals("TIMEOUT")) {
                        int n = missed.merge(component, 1, Integer::sum);
                        if (n >= o.maxTimeouts) {
                            String why = n + " crash(es) in a row not recovered within " + o.deadlineMs / 1000
                                    + " s (cured by operator restarts); no more crashes injected into it";
                            skipped.put(component, why);
                            System.out.printf("  %-10s stopped: %s%n", component, why);
                        }
                    } else {
                        missed.remove(component);
                    }
                }
                // Spread the process restarts evenly over the crash rounds.
                int due = o.restarts * round / o.crashes - o.restarts * (round - 1) / o.crashes;
                if (due > 0) {
                    client.pause();
                    for (int i = 0; i < due; i++) {
                        baseline.restartOnce();
                    }
                    client.resume();
                }
            }
            return true;
        } finally {
            client.stop();
            server.stop();
        }
    }

    /** @return the result, or one with skipReason set when the component takes no crash fault */
    private CrashResult crashOnce(BenchAdmin admin, Client client, String component, int round) throws Exception {
        int seen = admin.recoveries().size();
        long injectNanos = System.nanoTime();
        Instant injectWall = Instant.now();
        BenchAdmin.Reply reply = admin.post("/faults/" + component + "?kind=crash");
        CrashResult r = new CrashResult(component, round);
        if (reply.status() == 409) {
            r.skipReason = "fault injection answered 409 (" + reply.body().trim() + ")";
            return r;
        }
        if (reply.status() != 202) {
            throw new BenchFailure("POST /faults/" + component + "?kind=crash answered " + reply.status() + ": "
                    + reply.body().trim());
        }
        long deadline = injectNanos + nanos(o.deadlineMs);
        Map<String, Object> record = null;
        while (record == null && System.nanoTime() < deadline) {
            List<Object> list = admin.recoveries();
            for (int i = seen; i < list.size(); i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) list.get(i);
                if (record == null && component.equals(m.get("name"))) {
                    record = m;
                } else {
                    r.others.add(m);
                }
            }
            seen = list.size();
            if (record == null) {
                sleep(o.pollMs);
            }
        }
        long confirmNanos = System.nanoTime();
        if (record == null) {
            r.status = "TIMEOUT";
            BenchAdmin.Reply cure = admin.post("/components/" + component + "/restart");
            r.note = "operator restart after the deadline: " + cure.status() + " " + cure.body().trim();
        } else {
            r.status = String.valueOf(record.get("result"));
            r.action = String.valueOf(record.get("action"));
            r.cause = String.valueOf(record.get("cause"));
            r.detectionMs = ((Number) record.get("detectionMillis")).doubleValue();
            r.durationMs = ((Number) record.get("durationMillis")).doubleValue();
            r.injectToDetectedMs = Duration.between(injectWall, Instant.parse((String) record.get("detectedAt")))
                    .toNanos() / 1e6;
            if (r.status.equals("FAILED")) {
                BenchAdmin.Reply cure = admin.post("/components/" + component + "/restart");
                r.note = "operator restart after FAILED: " + cure.status() + " " + cure.body().trim();
            }
        }
        Sample ok = client.awaitOk(confirmNanos, nanos(o.deadlineMs));
        r.servedAgain = ok != null;
        long startBy = ok != null ? ok.end : System.nanoTime();
        sleep(o.pauseMs);
        // Records that came in late (another component's, or a second one for this component).
        List<Object> list = admin.recoveries();
        for (int i = seen; i < list.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) list.get(i);
            r.others.add(m);
        }
        r.outage = client.analyze(injectNanos, startBy, System.nanoTime(), nanos(o.slowMs));
        return r;
    }

    // ---- the baseline: whole-process restarts ------------------------------------------------------------------

    /** A second server, killed and started again now and then, each time under a fresh client. */
    final class Baseline {

        final List<RestartResult> results = new ArrayList<>();
        private final Path root;
        private final Path err;
        private BenchServer server;
        private List<String> cmd;
        private int port;
        private boolean broken;

        Baseline(Path root, Path err) {
            this.root = root;
            this.err = err;
        }

        void start() throws Exception {
            port = BenchServer.freePort();
            Path data = o.tmp.resolve("restart-data");
            Files.createDirectories(data);
            cmd = BenchServer.command(List.of(), o.jar, port, root, data);
            System.out.println("restarted:   " + String.join(" ", cmd) + "  (the baseline server)");
            server = BenchServer.start(cmd, o.tmp.resolve("restart-0.out"), err, o.pids);
            server.awaitReady(60_000);
        }

        /** Does the restarts not done yet; @return false when the baseline broke */
        boolean finish() throws Exception {
            if (results.size() < o.restarts && !broken) {
                if (server == null) {
                    start();
                }
                System.out.println();
                while (results.size() < o.restarts && !broken) {
                    restartOnce();
                }
            }
            return !broken;
        }

        void close() throws InterruptedException {
            if (server != null) {
                server.stop();
            }
        }

        /** One kill -9 and start again, measured by a client of its own; prints its line. */
        void restartOnce() throws Exception {
            if (broken || results.size() >= o.restarts) {
                return;
            }
            int round = results.size() + 1;
            Client client = new Client(port, file, o.intervalMs, o.timeoutMs);
            client.start();
            try {
                sleep(500);
                if (client.awaitOk(System.nanoTime(), nanos(o.deadlineMs)) == null) {
                    throw new BenchFailure("not serving before restart " + round + "; last request: " + client.last());
                }
                long kill = System.nanoTime();
                server.process.destroyForcibly();
                server.process.waitFor();
                long dead = System.nanoTime();
                BenchServer next = null;
                int attempts = 0;
                long readyAt = 0;
                // A supervisor starts the process again at once; an early exit (port not free yet) is retried.
                while (next == null && System.nanoTime() - kill < TimeUnit.SECONDS.toNanos(60)) {
                    attempts++;
                    BenchServer s = BenchServer.start(cmd, o.tmp.resolve("restart-" + round + ".out"), err, o.pids);
                    try {
                        s.awaitReady(60_000);
                        readyAt = System.nanoTime();
                        next = s;
                    } catch (BenchFailure e) {
                        if (s.process.isAlive()) {
                            throw e;
                        }
                        notes.add("restart " + round + " attempt " + attempts + " exited early: " + e.getMessage());
                        sleep(100);
                    }
                }
                if (next == null) {
                    throw new BenchFailure("the server did not come back within 60 s after kill -9 (round " + round + ")");
                }
                server = next;
                Sample first = client.awaitOk(kill, TimeUnit.SECONDS.toNanos(60));
                if (first == null) {
                    throw new BenchFailure("no 200 within 60 s of restart " + round + "; last: " + client.last());
                }
                sleep(Math.max(o.pauseMs, 1000));
                long now = System.nanoTime();
                RestartResult r = new RestartResult(round, Figures.ms(dead - kill), Figures.ms(readyAt - kill),
                        Figures.ms(first.end - kill), attempts, client.analyze(kill, first.end, now, nanos(o.slowMs)),
                        client.analyze(readyAt, readyAt, now, nanos(o.slowMs)).failed);
                results.add(r);
                System.out.println("  " + r.line(o.restarts));
            } catch (BenchFailure e) {
                broken = true;
                notes.add("process restarts stopped after " + results.size() + ": " + e.getMessage());
                System.out.println("  restart " + round + " failed: " + e.getMessage() + "; no more restarts");
            } finally {
                client.stop();
            }
        }
    }

    // ---- report ------------------------------------------------------------------------------------------------

    private boolean report(List<CrashResult> crashes, Map<String, String> skipped, List<RestartResult> restarts) {
        System.out.println();
        System.out.println("== results ==  (times in ms; p99 is nearest-rank, so with fewer than 100 samples it is the"
                + " maximum)");
        System.out.println("detection = detectionMillis and recovery = durationMillis from GET /recoveries;"
                + " inject→det = from the POST /faults to detectedAt (same machine clock);");
        System.out.println("client-seen = from sending the first failed or slow request to receiving the next 200;"
                + " failed = non-200 answers and I/O errors per crash");
        System.out.println();
        String h1 = "%-10s %7s %5s  %15s  %15s  %15s  %17s  %12s  %s%n";
        System.out.printf(h1, "component", "crashes", "ok", "detection", "inject→det", "recovery", "client-seen",
                "failed/crash", "slow");
        System.out.printf(h1, "", "", "", "median    p99", "median    p99", "median    p99", "median     p99",
                "median  max", "total");
        Map<String, Double> clientMedian = new LinkedHashMap<>();
        for (String component : o.components) {
            List<CrashResult> mine = crashes.stream().filter(c -> c.component.equals(component)).toList();
            if (mine.isEmpty()) {
                System.out.printf("%-10s %7s  %s%n", component, "-", "not measured: "
                        + skipped.getOrDefault(component, "no crash completed"));
                continue;
            }
            List<CrashResult> recovered = mine.stream().filter(c -> c.record()).toList();
            List<Double> det = recovered.stream().map(c -> c.detectionMs).toList();
            List<Double> inj = recovered.stream().map(c -> c.injectToDetectedMs).toList();
            List<Double> dur = recovered.stream().map(c -> c.durationMs).toList();
            List<Double> seen = mine.stream().map(c -> c.outage.ms).toList();
            List<Double> failed = mine.stream().map(c -> (double) c.outage.failed).toList();
            int slow = mine.stream().mapToInt(c -> c.outage.slow).sum();
            long ok = mine.stream().filter(c -> c.status.equals("RECOVERED")).count();
            clientMedian.put(component, Figures.median(seen));
            System.out.printf("%-10s %7d %5d  %6s %8s  %6s %8s  %6s %8s  %7s %9s  %6s %5s  %5d%n", component,
                    mine.size(), ok, Figures.f0(Figures.median(det)), Figures.f0(Figures.p99(det)),
                    Figures.f1(Figures.median(inj)), Figures.f1(Figures.p99(inj)),
                    Figures.f0(Figures.median(dur)), Figures.f0(Figures.p99(dur)),
                    Figures.f1(Figures.median(seen)), Figures.f1(Figures.p99(seen)),
                    Figures.f1(Figures.median(failed)), Figures.f0(Figures.max(failed)), slow);
            if (skipped.containsKey(component)) {
                System.out.printf("%-10s         (%s)%n", "", skipped.get(component));
            }
        }
        List<CrashResult> measured = crashes;
        if (!measured.isEmpty()) {
            List<Double> seen = measured.stream().map(c -> c.outage.ms).toList();
            List<Double> failed = measured.stream().map(c -> (double) c.outage.failed).toList();
            List<CrashResult> rec = measured.stream().filter(CrashResult::record).toList();
            System.out.printf("%-10s %7d %5d  %6s %8s  %6s %8s  %6s %8s  %7s %9s  %6s %5s  %5d%n", "all",
                    measured.size(), measured.stream().filter(c -> c.status.equals("RECOVERED")).count(),
                    Figures.f0(Figures.median(rec.stream().map(c -> c.detectionMs).toList())),
                    Figures.f0(Figures.p99(rec.stream().map(c -> c.detectionMs).toList())),
                    Figures.f1(Figures.median(rec.stream().map(c -> c.injectToDetectedMs).toList())),
                    Figures.f1(Figures.p99(rec.stream().map(c -> c.injectToDetectedMs).toList())),
                    Figures.f0(Figures.median(rec.stream().map(c -> c.durationMs).toList())),
                    Figures.f0(Figures.p99(rec.stream().map(c -> c.durationMs).toList())),
                    Figures.f1(Figures.median(seen)), Figures.f1(Figures.p99(seen)),
                    Figures.f1(Figures.median(failed)), Figures.f0(Figures.max(failed)),
                    measured.stream().mapToInt(c -> c.outage.slow).sum());
        }
        skipped.forEach((c, why) -> {
            if (crashes.stream().noneMatch(r -> r.component.equals(c))) {
                System.out.println("skipped " + c + ": " + why);
            }
        });

        // What the client saw, per component, and anything the supervisor did beyond a plain microreboot.
        System.out.println();
        System.out.println("what the client saw (first bad request of each crash; all failures by kind):");
        for (String component : o.components) {
            List<CrashResult> mine = crashes.stream().filter(c -> c.component.equals(component)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            Map<String, Integer> kinds = new LinkedHashMap<>();
            Map<String, Integer> firsts = new LinkedHashMap<>();
            int clean = 0;
            for (CrashResult c : mine) {
                c.outage.kinds.forEach((k, v) -> kinds.merge(k, v, Integer::sum));
                if (c.outage.first == null) {
                    clean++;
                } else {
                    firsts.merge(c.outage.first, 1, Integer::sum);
                }
            }
            System.out.printf("  %-10s %d of %d crashes invisible to the client; first bad: %s; failures: %s%n",
                    component, clean, mine.size(), firsts.isEmpty() ? "-" : counts(firsts),
                    kinds.isEmpty() ? "none" : counts(kinds));
        }
        List<String> unusual = new ArrayList<>();
        for (CrashResult c : crashes) {
            if (!c.status.equals("RECOVERED") || !("microreboot " + c.component).equals(c.action)) {
                unusual.add(c.component + " #" + c.round + ": " + c.status + (c.action == null ? "" : " by " + c.action)
                        + (c.note == null ? "" : "; " + c.note));
            }
            for (Map<String, Object> m : c.others) {
                unusual.add("during " + c.component + " #" + c.round + ": extra recovery " + m.get("name") + " "
                        + m.get("result") + " by " + m.get("action") + "; cause: " + m.get("cause"));
            }
        }
        System.out.println();
        if (unusual.isEmpty()) {
            System.out.println("supervisor: every crash was one plain microreboot of the crashed component (no backoff,"
                    + " no escalation, no other component restarted)");
        } else {
            System.out.println("supervisor: " + unusual.size() + " recoveries other than one plain microreboot:");
            unusual.stream().limit(40).forEach(u -> System.out.println("  " + u));
            if (unusual.size() > 40) {
                System.out.println("  ... and " + (unusual.size() - 40) + " more");
            }
        }

        // Baseline.
        System.out.println();
        List<Double> restartSeen = restarts.stream().map(r -> r.outage.ms).toList();
        List<Double> killToFirst = restarts.stream().map(r -> r.killToFirst200).toList();
        List<Double> restartFailed = restarts.stream().map(r -> (double) r.outage.failed).toList();
        if (restarts.isEmpty()) {
            System.out.println("process restart: not measured");
        } else {
            System.out.printf("%-22s %7s  %15s  %15s  %17s  %12s%n", "process restart", "rounds", "kill→ready line",
                    "kill→first 200", "client-seen", "failed/restart");
            System.out.printf("%-22s %7s  %15s  %15s  %17s  %12s%n", "(kill -9, java -jar)", "", "median    p99",
                    "median    p99", "median     p99", "median  max");
            List<Double> ready = restarts.stream().map(r -> r.killToReady).toList();
            System.out.printf("%-22s %7d  %6s %8s  %6s %8s  %7s %9s  %6s %5s%n", "baseline", restarts.size(),
                    Figures.f0(Figures.median(ready)), Figures.f0(Figures.p99(ready)),
                    Figures.f0(Figures.median(killToFirst)), Figures.f0(Figures.p99(killToFirst)),
                    Figures.f1(Figures.median(restartSeen)), Figures.f1(Figures.p99(restartSeen)),
                    Figures.f1(Figures.median(restartFailed)), Figures.f0(Figures.max(restartFailed)));
            Map<String, Integer> kinds = new LinkedHashMap<>();
            restarts.forEach(r -> r.outage.kinds.forEach((k, v) -> kinds.merge(k, v, Integer::sum)));
            System.out.println("  failures the client saw: " + (kinds.isEmpty() ? "none" : counts(kinds)) + "; "
                    + restarts.stream().mapToInt(RestartResult::failedAfterReady).sum()
                    + " of them ended after the server printed its ready line");
        }

        // Targets.
        System.out.println();
        System.out.printf("targets: client-seen microreboot median ≤ %.0f ms; process-restart median / microreboot"
                + " client-seen median ≥ %.0f×%n", TARGET_CLIENT_SEEN_MS, TARGET_RATIO);
        double base = restarts.isEmpty() ? Double.NaN : Figures.median(restartSeen);
        boolean allFast = !clientMedian.isEmpty();
        boolean allRatio = !clientMedian.isEmpty() && !restarts.isEmpty();
        for (Map.Entry<String, Double> e : clientMedian.entrySet()) {
            double m = e.getValue();
            boolean fast = m <= TARGET_CLIENT_SEEN_MS;
            String ratio;
            boolean ratioOk;
            if (restarts.isEmpty()) {
                ratio = "n/a (no baseline)";
                ratioOk = false;
            } else if (m == 0) {
                ratio = "∞ (no client-visible outage)";
                ratioOk = true;
            } else {
                ratio = String.format(Locale.ROOT, "%.0f×", base / m);
                ratioOk = base / m >= TARGET_RATIO;
            }
            allFast &= fast;
            allRatio &= ratioOk;
            System.out.printf("  %-10s client-seen median %7s ms  %s    ratio %-30s %s%n", e.getKey(), Figures.f1(m),
                    fast ? "PASS" : "FAIL", ratio, ratioOk ? "PASS" : "FAIL");
        }
        if (!crashes.isEmpty()) {
            double pooled = Figures.median(crashes.stream().map(c -> c.outage.ms).toList());
            System.out.printf("  %-10s client-seen median %7s ms (all crashes pooled); process restart client-seen"
                    + " median %s ms%n", "all", Figures.f1(pooled), Figures.f1(base));
        }
        List<String> unmeasured = o.components.stream().filter(c -> !clientMedian.containsKey(c)).toList();
        if (!unmeasured.isEmpty()) {
            System.out.println("  not measured (no verdict): " + String.join(", ", unmeasured));
        }
        System.out.println("microreboot client-seen median ≤ " + (int) TARGET_CLIENT_SEEN_MS + " ms:      "
                + (allFast ? "PASS" : "FAIL") + "  (the target is met when every measured component meets it)");
        System.out.println("≥ " + (int) TARGET_RATIO + "× faster than a process restart: " + (allRatio ? "PASS" : "FAIL")
                + "  (the target is met when every measured component meets it)");
        return allFast && allRatio;
    }

    private static String counts(Map<String, Integer> m) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(m.entrySet());
        entries.sort((a, b) -> b.getValue() - a.getValue());
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Integer> e : entries) {
            s.append(s.length() == 0 ? "" : ", ").append(e.getValue()).append("× ").append(e.getKey());
        }
        return s.toString();
    }

    // ---- server stderr -----------------------------------------------------------------------------------------

    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z (\\w+) (.*)$");
    /** Lines an injected crash and its recovery are expected to produce. */
    private static final Predicate<String> EXPECTED = text -> text.contains("njected") || text.contains("injecting")
            || Pattern.compile("recovery of \\S+: RECOVERED by microreboot").matcher(text).find();

    private void stderrReport(String what, Path err) throws IOException {
        if (!Files.exists(err)) {
            return;
        }
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        List<List<String>> records = new ArrayList<>();
        for (String line : lines) {
            if (records.isEmpty() || LOG_LINE.matcher(line).matches() || line.startsWith("Exception in thread")) {
                records.add(new ArrayList<>());
            }
            records.get(records.size() - 1).add(line);
        }
        Map<String, Integer> levels = new LinkedHashMap<>();
        Map<String, List<List<String>>> unexpected = new LinkedHashMap<>();
        int expected = 0;
        for (List<String> rec : records) {
            Matcher m = LOG_LINE.matcher(rec.get(0));
            String level = m.matches() ? m.group(1) : "(no level)";
            levels.merge(level, 1, Integer::sum);
            if (level.equals("INFO") || level.equals("DEBUG") || level.equals("TRACE")) {
                continue;
            }
            if (EXPECTED.test(String.join("\n", rec))) {
                expected++;
                continue;
            }
            String key = (m.matches() ? level + " " + m.group(2) : rec.get(0)).replaceAll("\\d+", "#");
            unexpected.computeIfAbsent(key, k -> new ArrayList<>()).add(rec);
        }
        System.out.printf("stderr of the %s (%s): %d lines, %d records %s; %d WARNING/ERROR records expected"
                + " (injected faults and their microreboots)%n", what, err, lines.size(), records.size(), levels,
                expected);
        if (unexpected.isEmpty()) {
            System.out.println("  no other WARNING/ERROR records");
            return;
        }
        System.out.println("  other WARNING/ERROR records (grouped; digits as #; first occurrence shown):");
        unexpected.forEach((key, recs) -> {
            List<String> first = recs.get(0);
            System.out.printf("  %5d× %s%n", recs.size(), first.get(0));
            first.stream().skip(1).limit(4).forEach(l -> System.out.println("         " + l));
            if (first.size() > 5) {
                System.out.println("         ... (" + (first.size() - 5) + " more lines)");
            }
        });
    }

    // ---- results -----------------------------------------------------------------------------------------------

    static final class CrashResult {
        final String component;
        final int round;
        String status = "?";
        String action;
        String cause;
        String note;
        String skipReason;
        double detectionMs = Double.NaN;
        double durationMs = Double.NaN;
        double injectToDetectedMs = Double.NaN;
        boolean servedAgain;
        Outage outage;
        final List<Map<String, Object>> others = new ArrayList<>();

        CrashResult(String component, int round) {
            this.component = component;
            this.round = round;
        }

        boolean record() {
            return !Double.isNaN(durationMs);
        }

        String line(int of) {
            String s = String.format(Locale.ROOT, "%-10s %3d/%-3d %-9s detection %s  inject→det %s  recovery %s  "
                    + "client-seen %6s ms  failed %2d  slow %d", component, round, of, status, Figures.f0(detectionMs),
                    Figures.f1(injectToDetectedMs), Figures.f0(durationMs), Figures.f1(outage.ms), outage.failed,
                    outage.slow);
            if (outage.first != null) {
                s += "  first: " + outage.first;
            }
            if (outage.unfinished) {
                s += "  (no 200 after the last failure)";
            }
            if (outage.later > 0) {
                s += "  +" + outage.later + " bad later (not in client-seen)";
            }
            if (action != null && !action.equals("microreboot " + component)) {
                s += "  [" + action + "]";
            }
            if (note != null) {
                s += "  [" + note + "]";
            }
            if (!others.isEmpty()) {
                s += "  [+" + others.size() + " other recoveries]";
            }
            return s;
        }
    }

    record RestartResult(int round, double killToDead, double killToReady, double killToFirst200, int attempts,
            Outage outage, int failedAfterReady) {

        String line(int of) {
            return String.format(Locale.ROOT, "restart %d/%d  process gone %.1f ms  ready line %.0f ms  first 200 %.0f ms"
                    + "  client-seen %.1f ms  failed %d (%d after the ready line)  slow %d%s%s", round, of, killToDead,
                    killToReady, killToFirst200, outage.ms, outage.failed, failedAfterReady, outage.slow,
                    outage.first == null ? "" : "  first: " + outage.first,
                    attempts > 1 ? "  (" + attempts + " starts)" : "");
        }
    }

    /**
     * What the client saw in a window: the outage from sending the first bad (failed or slow) request to receiving
     * the 200 that ended it, the failed and slow requests, and the failures by kind.
     */
    record Outage(double ms, int failed, int slow, String first, boolean unfinished, int later,
            Map<String, Integer> kinds) {
    }

    // ---- the client --------------------------------------------------------------------------------------------

    /** One request: nanoTime at sending and at the end, the status (-1 for no answer) and what went wrong. */
    record Sample(long start, long end, int status, String error) {

        boolean ok() {
            return status == 200 && error == null;
        }

        String describe() {
            if (status > 0) {
                return "status " + status + (error == null ? "" : " " + error);
            }
            return error;
        }
    }

    /**
     * Sends GET /1k.bin on one keep-alive connection, one request at a time, a new one every {@code interval} (or at
     * once when the previous took longer), reconnecting after any failure. Every request is recorded. One
     * sequential connection is what a single keep-alive client sees; during a stall it sends nothing (so the failed
     * requests per crash are a client's, not an open-loop load generator's).
     */
    static final class Client {

        private final int port;
        private final byte[] expected;
        private final long intervalNanos;
        private final int timeoutMs;
        private final byte[] request;
        /** Bad requests closer than this to the end of an outage belong to it. */
        static final long MERGE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

        private final List<Sample> samples = new ArrayList<>();
        private volatile boolean running = true;
        private volatile boolean paused;
        private volatile boolean idle;
        private volatile Sample last;
        private final Thread thread;
        private Socket socket;
        private HttpResponseReader in;
        private OutputStream out;

        Client(int port, byte[] expected, long intervalMs, long timeoutMs) {
            this.port = port;
            this.expected = expected;
            this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
            this.timeoutMs = (int) timeoutMs;
            this.request = ("GET /1k.bin HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUser-Agent: rebound-recovery-bench\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            this.thread = new Thread(this::loop, "bench-client");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(5) + timeoutMs);
        }

        Sample last() {
            return last;
        }

        /** Stops sending (and closes the connection) until {@link #resume}; returns once the loop is idle. */
        void pause() throws InterruptedException {
            paused = true;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs + 5000L);
            while (!idle && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(1);
            }
        }

        void resume() {
            paused = false;
        }

        private void loop() {
            long next = System.nanoTime();
            while (running) {
                if (paused) {
                    close();
                    idle = true;
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    next = System.nanoTime();
                    continue;
                }
                idle = false;
                long now = System.nanoTime();
                if (now < next) {
                    LockSupport.parkNanos(next - now);
                    continue;
                }
                Sample s = once();
                synchronized (samples) {
                    samples.add(s);
                }
                last = s;
                next = Math.max(s.start + intervalNanos, System.nanoTime());
            }
            close();
        }

        private Sample once() {
            long start = System.nanoTime();
            int status = -1;
            byte[] body = null;
            String error = null;
            try {
                if (socket == null) {
                    Socket s = new Socket();
                    s.setTcpNoDelay(true);
                    s.setSoTimeout(timeoutMs);
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMs);
                    socket = s;
                    in = new HttpResponseReader(new BufferedInputStream(s.getInputStream(), 4096));
                    out = s.getOutputStream();
                }
                out.write(request);
                out.flush();
                HttpResponseReader.Response r = in.read();
                if (r.close()) {
                    close();
                }
                status = r.status();
                body = r.body();
            } catch (IOException e) {
                error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                close();
            } catch (RuntimeException e) {
                error = "bad response: " + e.getMessage();
                close();
            }
            if (status == 200 && error == null && body != null && !Arrays.equals(body, expected)) {
                error = "wrong body (" + body.length + " bytes)";
            }
            return new Sample(start, System.nanoTime(), status, error);
        }

        private void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // already gone
                }
            }
            socket = null;
            in = null;
            out = null;
        }

        /** @return the first 200 (with the file) sent at or after {@code since}, waiting up to {@code timeout} */
        Sample awaitOk(long since, long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            int from = 0;
            while (System.nanoTime() < deadline) {
                synchronized (samples) {
                    for (int i = from; i < samples.size(); i++) {
                        Sample s = samples.get(i);
                        if (s.start >= since && s.ok()) {
                            return s;
                        }
                    }
                    from = samples.size();
                }
                TimeUnit.MILLISECONDS.sleep(1);
            }
            return null;
        }

        List<Sample> window(long from, long to) {
            List<Sample> w = new ArrayList<>();
            synchronized (samples) {
                for (Sample s : samples) {
                    if (s.end >= from && s.start <= to) {
                        w.add(s);
                    }
                }
            }
            return w;
        }

        List<Double> latencies(long from, long to) {
            return window(from, to).stream().filter(Sample::ok).map(s -> Figures.ms(s.end - s.start)).toList();
        }

        /**
         * The outage in {@code [from, to]}: it starts when the first bad (failed, or slower than {@code slowNanos})
         * request that was sent before {@code startBy} is sent, and ends when the next 200 arrives; a bad request
         * sent within {@link #MERGE_NANOS} of that 200 extends it (a flapping recovery is one outage). Bad requests
         * after it count as {@code later}; failed and slow count every request in the window.
         */
        Outage analyze(long from, long startBy, long to, long slowNanos) {
            List<Sample> w = window(from, to);
            int failed = 0;
            int slow = 0;
            Map<String, Integer> kinds = new LinkedHashMap<>();
            boolean[] bad = new boolean[w.size()];
            int firstBad = -1;
            for (int i = 0; i < w.size(); i++) {
                Sample s = w.get(i);
                boolean isSlow = s.end - s.start > slowNanos;
                if (!s.ok()) {
                    failed++;
                    kinds.merge(normalise(s.describe()), 1, Integer::sum);
                } else if (isSlow) {
                    slow++;
                }
                bad[i] = !s.ok() || isSlow;
                if (bad[i] && firstBad < 0 && s.start <= startBy) {
                    firstBad = i;
                }
            }
            int badCount = 0;
            for (boolean b : bad) {
                badCount += b ? 1 : 0;
            }
            if (firstBad < 0) {
                return new Outage(0, failed, slow, null, false, badCount, kinds);
            }
            int inOutage = 0;
            int i = firstBad;
            int endIndex = -1;
            for (;;) {
                // the next 200 at or after i ends this stretch
                int e = -1;
                for (int k = i; k < w.size(); k++) {
                    if (bad[k]) {
                        inOutage++;
                    }
                    if (w.get(k).ok()) {
                        e = k;
                        break;
                    }
                }
                if (e < 0) {
                    endIndex = -1;
                    break;
                }
                endIndex = e;
                int next = -1;
                for (int k = e + 1; k < w.size() && w.get(k).start - w.get(e).end < MERGE_NANOS; k++) {
                    if (bad[k]) {
                        next = k;
                        break;
                    }
                }
                if (next < 0) {
                    break;
                }
                i = next;
            }
            Sample first = w.get(firstBad);
            boolean unfinished = endIndex < 0;
            long end = unfinished ? to : w.get(endIndex).end;
            String firstText = first.ok()
                    ? String.format(Locale.ROOT, "slow 200 (%.1f ms)", Figures.ms(first.end - first.start))
                    : normalise(first.describe());
            return new Outage(Figures.ms(end - first.start), failed, slow, firstText, unfinished, badCount - inOutage,
                    kinds);
        }

        private static String normalise(String description) {
            return description.replaceAll("/127\\.0\\.0\\.1:\\d+", "/127.0.0.1:#");
        }
    }

    // ---- options -----------------------------------------------------------------------------------------------

    record Options(Path jar, Path tmp, Path pids, int crashes, int restarts, List<String> components, long intervalMs,
            long slowMs, long deadlineMs, long pauseMs, long pollMs, long warmupMs, long timeoutMs, boolean raisedPolicy,
            long spacingMs, int maxTimeouts) {

        static Options parse(String[] args) {
            BenchArgs m = new BenchArgs(args);
            String spacing = m.take("spacing", null);
            Options o = new Options(Path.of(m.need("jar")), Path.of(m.need("tmp")), m.optionalPath("pids"),
                    m.positive("crashes", 50), m.positive("restarts", 5),
                    List.of(m.take("components", DEFAULT_COMPONENTS).split(",")), m.positive("interval-ms", 5),
                    m.positive("slow-ms", 3), m.positive("deadline", 10) * 1000L, m.atLeast0("pause-ms", 300),
                    m.positive("poll-ms", 5), m.atLeast0("warmup-ms", 3000), m.positive("timeout-ms", 2000), policy(m),
                    spacing == null ? -1 : Math.round(Double.parseDouble(spacing) * 1000),
                    m.positive("max-timeouts", 3));
            m.rejectUnknown();
            return o;
        }

        private static boolean policy(BenchArgs m) {
            String p = m.take("policy", "raised");
            if (!p.equals("raised") && !p.equals("default")) {
                throw new IllegalArgumentException("--policy must be raised or default, not '" + p + "'");
            }
            return p.equals("raised");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** The same 1 KiB as bench/serve-1k.sh: 32 chained SHA-256 digests of "rebound-bench-1k", hex-decoded. */
    private static byte[] oneKilobyte() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        String seed = "rebound-bench-1k";
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            seed = HexFormat.of().formatHex(sha.digest(seed.getBytes(StandardCharsets.US_ASCII)));
            hex.append(seed);
        }
        return HexFormat.of().parseHex(hex);
    }

    private static void sleep(long millis) throws InterruptedException {
        if (millis > 0) {
            TimeUnit.MILLISECONDS.sleep(millis);
        }
    }

    private static long nanos(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
