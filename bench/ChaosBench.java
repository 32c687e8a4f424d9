import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measuring half of bench/chaos.sh (which checks prerequisites, builds the jar if missing, prints the machine and
 * stops everything on exit): a steady open-loop load of static-file GETs, first without faults, then for a minute
 * with a random fault (crash, hang, exception, leak) injected into a random component every two seconds; Rebound
 * handles each by microrebooting, the baseline by killing and restarting the whole process, under the same load and
 * the same fault schedule. See bench/README.md, section "chaos.sh", for what is measured and how to read it.
 *
 * Built with the shared classes of bench/lib/ (a single-file {@code java bench/ChaosBench.java} cannot see them):
 *
 * <pre>
 * javac -d CLASSES bench/ChaosBench.java bench/lib/*.java
 * java -cp CLASSES ChaosBench --jar JAR --tmp DIR [--duration S] [--rate N] [--seed N] ...
 * </pre>
 */
public final class ChaosBench {

    private static final String DEFAULT_COMPONENTS = "parser,router,files,accesslog,connector";
    private static final String DEFAULT_KINDS = "crash,hang,exception,leak";
    /** p99 during chaos may be at most this many times the p99 of the fault-free period. */
    private static final double TARGET_P99_RATIO = 3;

    public static void main(String[] args) throws Exception {
        BenchMain.main("chaos", args, Options::parse, options -> new ChaosBench(options).run());
    }

    private final Options o;
    private final Clock clock = new Clock();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private ChaosBench(Options options) {
        this.o = options;
    }

    // ---- the run -----------------------------------------------------------------------------------------------

    private int run() throws Exception {
        Path root = o.tmp.resolve("root");
        Files.createDirectories(root);
        // Three sizes, so that a truncated or mixed-up body shows, and requests of different cost are in flight.
        files.put("/small.html", content(1024, 1));
        files.put("/medium.bin", content(32 * 1024, 2));
        files.put("/large.bin", content(256 * 1024, 3));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(root.resolve(f.getKey().substring(1)), f.getValue());
        }
        List<Fault> plan = Fault.plan(new Random(o.seed), o.durationMs / o.faultEveryMs, o.faultEveryMs, o.components,
                o.kinds);

        System.out.printf("plan:        %d faults, one every %d ms into a random component of %s with a random kind of"
                + " %s (seed %d, --seed to repeat)%n", plan.size(), o.faultEveryMs, String.join(",", o.components),
                String.join(",", o.kinds), o.seed);
        System.out.printf("load:        %d req/s open loop (a request every %.2f ms on schedule, never waiting for"
                + " the previous); %.0f%% on keep-alive connections (a pool of up to %d idle, LIFO; one idle for 25 s, near the"
                + " server's 30 s idle timeout, is closed rather than reused), %.0f%% each on"
                + " a fresh connection (Connection: close); GET %s with weights %s; every body compared byte for"
                + " byte; %d ms timeout; new connections from %d loopback addresses in turn (127.0.0.1..%d: many"
                + " clients, not one, as the server's per-address connection limit expects)%n", o.rate,
                1000.0 / o.rate, o.keepAliveShare * 100, o.maxIdle, (1 - o.keepAliveShare) * 100,
                String.join(" ", sizes()), "60/30/10", o.timeoutMs, o.clientAddresses, o.clientAddresses);
        System.out.printf("phases:      %d s warm-up (not measured), %d s without faults (\"quiet\"), %d s of faults"
                + " + %d s settle (\"chaos\"); the same for Rebound (faults injected, microreboots) and then the"
                + " baseline (each fault replaced by kill -9 + java -jar on the same port)%n", o.warmupMs / 1000,
                o.quietMs / 1000, o.durationMs / 1000, o.settleMs / 1000);
        System.out.println("policy:      <data>/deploy/io.rebound.recovery.cfg (Felix FileInstall → ConfigAdmin PID"
                + " io.rebound.recovery), written before start: " + o.policy().replace("\n", " ").trim());
        System.out.println();

        List<Fault> schedule = Collections.unmodifiableList(plan);
        RunResult rebound = null;
        RunResult baseline = null;
        if (!o.only.equals("baseline")) {
            rebound = runRebound(root, schedule);
        }
        if (!o.only.equals("rebound")) {
            baseline = runBaseline(root, schedule);
        }
        boolean pass = report(schedule, rebound, baseline);
        if (!notes.isEmpty()) {
            System.out.println();
            System.out.println("notes:");
            notes.forEach(n -> System.out.println("  - " + n));
        }
        System.out.println("load average at the end: " + Files.readString(Path.of("/proc/loadavg")).trim());
        return pass ? 0 : 1;
    }

    private List<String> sizes() {
        List<String> s = new ArrayList<>();
        files.forEach((p, b) -> s.add(p + " (" + (b.length >= 1024 ? b.length / 1024 + " KiB" : b.length + " B") + ")"));
        return s;
    }

    // ---- Rebound: faults injected, microreboots ----------------------------------------------------------------

    private RunResult runRebound(Path root, List<Fault> plan) throws Exception {
        Path data = o.tmp.resolve("rebound-data");
        Files.createDirectories(data.resolve("deploy"));
        Files.writeString(data.resolve("deploy/io.rebound.recovery.cfg"), o.policy());
        List<String> cmd = BenchServer.command(o.jvmFlags, o.jar, 0, root, data);
        Path err = o.tmp.resolve("rebound.err");
        System.out.println("== Rebound: faults injected through the admin API, handled by microreboots ==");
        System.out.println("server:      " + String.join(" ", cmd));
        long t = System.nanoTime();
        BenchServer server = BenchServer.start(cmd, o.tmp.resolve("rebound.out"), err, o.pids);
        try {
            server.awaitReady(60_000);
            System.out.printf("ready in %.0f ms: public port %d, admin %s%n", Figures.ms(System.nanoTime() - t),
                    server.port, server.admin);
            BenchAdmin admin = new BenchAdmin(server.admin, Files.readString(data.resolve("admin.token")).trim(),
                    Duration.ofSeconds(30));
            admin.awaitAllActive(o.components, 30_000);
            int recordsBefore = admin.recoveries().size();
            RunResult r = new RunResult("rebound", err);
            Load load = new Load(server.port, files, o, clock);
            drive(load, plan, r, fault -> inject(admin, fault, r));
            // Recoveries that came in meanwhile, and their records.
            List<Object> list = admin.recoveries();
            for (int i = recordsBefore; i < list.size(); i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) list.get(i);
                r.recoveries.add(m);
            }
            Map<String, Object> components = new LinkedHashMap<>();
            for (Object c : Json.list(Json.parse(admin.get("/components").body()))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) c;
                components.put(String.valueOf(m.get("name")), m.get("state") + " (" + Figures.f0(num(m.get("restarts")))
                        + " restarts)");
            }
            r.endState = components.toString();
            r.samples = load.samples();
            r.serverAlive = server.process.isAlive();
            return r;
        } finally {
            server.stop();
        }
    }

    private void inject(BenchAdmin admin, Fault fault, RunResult r) {
        try {
            long sent = System.nanoTime();
            BenchAdmin.Reply reply = admin.post("/faults/" + fault.component + "?kind=" + fault.kind);
            // 409: the component is rebooting (from the previous fault) and has withdrawn its fault target for the
            // moment; try again briefly, as the fault is meant to hit the component, not the gap.
            long retryUntil = System.nanoTime() + nanos(1000);
            while (reply.status() == 409 && System.nanoTime() < retryUntil) {
                sleep(20);
                sent = System.nanoTime();
                reply = admin.post("/faults/" + fault.component + "?kind=" + fault.kind);
            }
            // When the (last) request went out: the fault may strike before its answer arrives.
            fault.atNanos = sent;
            fault.outcome = reply.status() == 202 ? "injected" : "injection answered " + reply.status() + ": "
                    + reply.body().trim();
            if (reply.status() != 202) {
                notes.add(fault.label() + " at " + String.format(Locale.ROOT, "%+.3f s",
                        Figures.ms(fault.atNanos - r.chaosStart) / 1000) + ": " + fault.outcome);
            }
        } catch (IOException | InterruptedException e) {
            fault.outcome = "injection failed: " + e;
            notes.add(fault.label() + ": " + fault.outcome);
        }
    }

    // ---- the baseline: each fault becomes a whole-process restart ---------------------------------------------

    private RunResult runBaseline(Path root, List<Fault> rebooted) throws Exception {
        // The same schedule, fresh objects (the outcome fields are per run).
        List<Fault> plan = new ArrayList<>();
        rebooted.forEach(f -> plan.add(new Fault(f.offsetMs, f.component, f.kind)));
        int port = BenchServer.freePort();
        Path data = o.tmp.resolve("baseline-data");
        Files.createDirectories(data.resolve("deploy"));
        Files.writeString(data.resolve("deploy/io.rebound.recovery.cfg"), o.policy());
        List<String> cmd = BenchServer.command(o.jvmFlags, o.jar, port, root, data);
        Path err = o.tmp.resolve("baseline.err");
        System.out.println();
        System.out.println("== baseline: each fault handled by kill -9 + java -jar again at once on the same port"
                + " (systemd Restart=always, RestartSec=0) ==");
        System.out.println("server:      " + String.join(" ", cmd));
        ProcessRestarter restarter = new ProcessRestarter(cmd, err);
        try {
            long t = System.nanoTime();
            restarter.startFirst();
            System.out.printf("ready in %.0f ms: public port %d%n", Figures.ms(System.nanoTime() - t), port);
            RunResult r = new RunResult("baseline", err);
            Load load = new Load(port, files, o, clock);
            currentRestarter = restarter;
            try {
                drive(load, plan, r, fault -> restarter.restart(fault));
            } finally {
                currentRestarter = null;
            }
            r.samples = load.samples();
            r.restarts = restarter.records;
            r.serverAlive = restarter.alive();
            r.endState = restarter.records.size() + " restarts, " + restarter.extraStarts
                    + " extra starts after early exits";
            return r;
        } finally {
            restarter.stop();
        }
    }

    /** What a supervisor script does: kill -9 the process and start it again; a start that dies is retried. */
    final class ProcessRestarter {

        final List<RestartRecord> records = new ArrayList<>();
        private final List<String> cmd;
        private final Path err;
        private BenchServer server;
        private RestartRecord pending;
        private int starts;
        int extraStarts;

        ProcessRestarter(List<String> cmd, Path err) {
            this.cmd = cmd;
            this.err = err;
        }

        void startFirst() throws Exception {
            server = BenchServer.start(cmd, out(), err, o.pids);
            server.awaitReady(60_000);
        }

        private Path out() {
            return o.tmp.resolve("baseline-" + starts++ + ".out");
        }

        void restart(Fault fault) {
            try {
                long kill = System.nanoTime();
                server.process.destroyForcibly();
                server.process.waitFor(10, TimeUnit.SECONDS);
                long gone = System.nanoTime();
                server = BenchServer.start(cmd, out(), err, o.pids);
                pending = new RestartRecord(fault, kill, gone);
                records.add(pending);
                fault.outcome = "kill -9 + restart";
            } catch (IOException | InterruptedException e) {
                fault.outcome = "restart failed: " + e;
                notes.add(fault.label() + ": " + fault.outcome);
            }
        }

        /** Between faults: notices the ready line, and restarts a process that died by itself. */
        void tick() {
            if (server == null) {
                return;
            }
            if (pending != null && pending.readyNanos == 0 && server.readyLine()) {
                pending.readyNanos = System.nanoTime();
            }
            if (!server.process.isAlive()) {
                try {
                    extraStarts++;
                    server = BenchServer.start(cmd, out(), err, o.pids);
                } catch (IOException e) {
                    notes.add("baseline: starting again failed: " + e);
                }
            }
        }

        boolean alive() {
            return server != null && server.process.isAlive();
        }

        void stop() throws InterruptedException {
            if (server != null) {
                server.stop();
            }
        }
    }

    // ---- one run: load through warm-up, quiet and chaos; the faults on schedule ----------------------------------

    @FunctionalInterface
    interface FaultAction {
        void apply(Fault fault) throws Exception;
    }

    private void drive(Load load, List<Fault> plan, RunResult r, FaultAction action) throws Exception {
        load.start();
        try {
            long start = System.nanoTime();
            r.quietStart = start + nanos(o.warmupMs);
            r.chaosStart = r.quietStart + nanos(o.quietMs);
            r.chaosEnd = r.chaosStart + nanos(o.durationMs + o.settleMs);
            ticksUntil(r.quietStart, r);
            r.loads.add(loadAverage());
            ticksUntil(r.chaosStart, r);
            r.loads.add(loadAverage());
            System.out.printf("quiet period done: %d requests, %d not ok so far%n", load.sent(), load.failed());
            for (Fault f : plan) {
                long due = r.chaosStart + nanos(f.offsetMs);
                ticksUntil(due, r);
                f.atNanos = System.nanoTime();
                action.apply(f);
                r.faults.add(f);
            }
            ticksUntil(r.chaosEnd, r);
            r.loads.add(loadAverage());
        } finally {
            load.stop();
        }
        System.out.printf("chaos period done: %d requests in all, %d not ok%n", load.sent(), load.failed());
    }

    private void ticksUntil(long due, RunResult r) throws InterruptedException {
        while (System.nanoTime() < due) {
            ProcessRestarter restarter = currentRestarter;
            if (restarter != null) {
                restarter.tick();
            }
            long left = due - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, nanos(5)));
            }
        }
    }

    // Set while the baseline runs, so ticks reach it.
    private ProcessRestarter currentRestarter;

    // ---- report ------------------------------------------------------------------------------------------------

    /** One run's record. */
    static final class RunResult {
        final String name;
        final Path err;
        final List<Fault> faults = new ArrayList<>();
        final List<Map<String, Object>> recoveries = new ArrayList<>();
        List<RestartRecord> restarts = List.of();
        List<Sample> samples = List.of();
        long quietStart;
        long chaosStart;
        long chaosEnd;
        String endState = "";
        boolean serverAlive;
        /** The 1-minute load average when the quiet period began, when the chaos began, and at its end. */
        final List<String> loads = new ArrayList<>();

        RunResult(String name, Path err) {
            this.name = name;
            this.err = err;
        }

        List<Sample> quiet() {
            return samples.stream().filter(s -> s.intended >= quietStart && s.intended < chaosStart).toList();
        }

        List<Sample> chaos() {
            return samples.stream().filter(s -> s.intended >= chaosStart && s.intended < chaosEnd).toList();
        }
    }

    /** A whole-process restart of the baseline. */
    static final class RestartRecord {
        final Fault fault;
        final long killNanos;
        final long goneNanos;
        volatile long readyNanos;

        RestartRecord(Fault fault, long killNanos, long goneNanos) {
            this.fault = fault;
            this.killNanos = killNanos;
            this.goneNanos = goneNanos;
        }
    }

    private boolean report(List<Fault> plan, RunResult rebound, RunResult baseline) throws IOException {
        System.out.println();
        System.out.println("== results ==  (latency: from the request's scheduled send time to its last body byte,"
                + " over the requests answered 200 with the right body; p99 nearest-rank)");
        String h = "%-9s %-6s %7s %7s %8s %9s %8s %8s %9s %13s%n";
        System.out.printf(h, "server", "phase", "sent", "ok", "non-2xx", "conn-err", "p50 ms", "p99 ms", "max ms",
                "availability");
        for (RunResult r : new RunResult[] { rebound, baseline }) {
            if (r == null) {
                continue;
            }
            for (String phase : new String[] { "quiet", "chaos" }) {
                Stats s = new Stats(phase.equals("quiet") ? r.quiet() : r.chaos(), files);
                System.out.printf(h, r.name, phase, s.sent, s.ok, s.nonOk, s.connErrors, Figures.f2(s.p50),
                        Figures.f2(s.p99), Figures.f1(s.max), String.format(Locale.ROOT, "%.3f %%", s.availability()));
            }
        }
        for (RunResult r : new RunResult[] { rebound, baseline }) {
            if (r == null) {
                continue;
            }
            System.out.println();
            Stats q = new Stats(r.quiet(), files);
            Stats c = new Stats(r.chaos(), files);
            System.out.println(r.name + ":");
            System.out.println("  quiet: non-2xx by status " + counts(q.byStatus) + "; connection errors by kind "
                    + counts(q.byError) + "; requests by connection " + counts(q.byConnection));
            System.out.println("  chaos: non-2xx by status " + counts(c.byStatus) + "; connection errors by kind "
                    + counts(c.byError) + "; requests by connection " + counts(c.byConnection));
            System.out.println("  end:   " + r.endState + (r.serverAlive ? "" : "; SERVER NOT RUNNING"));
            System.out.println("  1-minute load average at quiet start / chaos start / chaos end: "
                    + String.join(" / ", r.loads) + " (nproc " + Runtime.getRuntime().availableProcessors()
                    + "; well above it, the figures measure the machine as much as the server)");
        }

        if (rebound != null) {
            System.out.println();
            System.out.println("Rebound: faults and what came of them (recovery record: component result action"
                    + " (cause kind) detection/recovery ms; client: requests scheduled until the next fault)");
            List<Map<String, Object>> unclaimed = new ArrayList<>(rebound.recoveries);
            // Two passes: first every fault takes the record its kind of detector explains, then the faults left
            // take what is left of their component (a fault cured by another one's reboot gets none).
            Map<Fault, Map<String, Object>> claimed = new LinkedHashMap<>();
            for (Fault f : rebound.faults) {
                Map<String, Object> rec = claim(unclaimed, f, true);
                if (rec != null) {
                    claimed.put(f, rec);
                }
            }
            for (Fault f : rebound.faults) {
                if (!claimed.containsKey(f)) {
                    Map<String, Object> rec = claim(unclaimed, f, false);
                    if (rec != null) {
                        claimed.put(f, rec);
                    }
                }
            }
            for (int i = 0; i < rebound.faults.size(); i++) {
                Fault f = rebound.faults.get(i);
                long until = i + 1 < rebound.faults.size() ? rebound.faults.get(i + 1).atNanos : rebound.chaosEnd;
                Map<String, Object> rec = claimed.get(f);
                Stats slot = new Stats(window(rebound.samples, f.atNanos, until), files);
                System.out.printf("  +%5.1f s  %-10s %-9s → %-60s | client: %d sent, %s, p99 %s ms%n",
                        Figures.ms(f.atNanos - rebound.chaosStart) / 1000, f.component, f.kind,
                        !f.outcome.equals("injected") ? f.outcome : rec == null ? noRecord(rebound, f)
                                : rec.get("name") + " " + rec.get("result") + " " + rec.get("action") + " ("
                                        + causeKind(rec) + ") " + Figures.f0(num(rec.get("detectionMillis"))) + "/"
                                        + Figures.f0(num(rec.get("durationMillis"))),
                        slot.sent, slot.ok == slot.sent ? "all ok" : (slot.sent - slot.ok) + " NOT OK "
                                + counts(slot.byStatus) + counts(slot.byError), Figures.f1(slot.p99));
            }
            if (!unclaimed.isEmpty()) {
                System.out.println("  recovery records no fault above claimed (follow-ups, escalations, extra):");
                for (Map<String, Object> m : unclaimed) {
                    System.out.printf("    %s %s %s %s (%s) det %s ms rec %s ms; cause: %s%n", offset(rebound,
                            m.get("detectedAt")), m.get("name"), m.get("result"), m.get("action"), causeKind(m),
                            Figures.f0(num(m.get("detectionMillis"))), Figures.f0(num(m.get("durationMillis"))),
                            m.get("cause"));
                }
            }
            System.out.println();
            System.out.println("Rebound: recoveries by cause (GET /recoveries, detected during the chaos period)");
            Map<String, List<Map<String, Object>>> groups = new TreeMap<>();
            for (Map<String, Object> m : rebound.recoveries) {
                String key = m.get("name") + "\t" + causeKind(m) + "\t" + m.get("result") + "\t" + actionKind(m);
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
            }
            System.out.printf("  %-10s %-22s %-10s %-24s %5s %17s %17s%n", "component", "cause", "result", "action",
                    "count", "detection med/max", "recovery med/max");
            groups.forEach((k, list) -> {
                List<Double> det = list.stream().map(m -> num(m.get("detectionMillis"))).toList();
                List<Double> dur = list.stream().map(m -> num(m.get("durationMillis"))).toList();
                String[] parts = k.split("\t", 4);
                System.out.printf("  %-10s %-22s %-10s %-24s %5d %8s %8s %8s %8s%n", parts[0], parts[1], parts[2],
                        parts[3], list.size(), Figures.f0(Figures.median(det)), Figures.f0(Figures.max(det)),
                        Figures.f0(Figures.median(dur)), Figures.f0(Figures.max(dur)));
            });
            System.out.println("  total " + rebound.recoveries.size() + " recoveries for " + rebound.faults.size()
                    + " faults");
            failureDetails(rebound);
        }

        if (baseline != null) {
            System.out.println();
            System.out.println("baseline: each fault's kill -9 + restart (ready = the new process printed its ready"
                    + " line; client: requests scheduled until the next fault)");
            for (int i = 0; i < baseline.restarts.size(); i++) {
                RestartRecord rr = baseline.restarts.get(i);
                long until = i + 1 < baseline.restarts.size() ? baseline.restarts.get(i + 1).killNanos
                        : baseline.chaosEnd;
                Stats slot = new Stats(window(baseline.samples, rr.killNanos, until), files);
                Sample first = firstOk(baseline.samples, rr.killNanos, until);
                System.out.printf("  +%5.1f s  (%s/%s) gone %5.1f ms, ready line %s, first 200 %s | client: %d sent, %s%n",
                        Figures.ms(rr.killNanos - baseline.chaosStart) / 1000, rr.fault.component, rr.fault.kind,
                        Figures.ms(rr.goneNanos - rr.killNanos),
                        rr.readyNanos == 0 ? "never (killed before it was ready)"
                                : Figures.f0(Figures.ms(rr.readyNanos - rr.killNanos)) + " ms",
                        first == null ? "none before the next kill"
                                : Figures.f0(Figures.ms(first.end - rr.killNanos)) + " ms",
                        slot.sent, slot.ok == slot.sent ? "all ok" : (slot.sent - slot.ok) + " not ok "
                                + counts(slot.byStatus) + counts(slot.byError));
            }
        }

        // Targets.
        System.out.println();
        System.out.println("targets:");
        boolean pass = true;
        if (rebound != null) {
            Stats q = new Stats(rebound.quiet(), files);
            Stats c = new Stats(rebound.chaos(), files);
            pass &= target("Rebound: 0 failed requests during chaos (non-2xx or wrong body)", c.nonOk == 0,
                    c.nonOk + " of " + c.sent + (c.nonOk == 0 ? "" : ": " + counts(c.byStatus)));
            pass &= target("Rebound: 0 connection errors during chaos", c.connErrors == 0,
                    c.connErrors + " of " + c.sent + (c.connErrors == 0 ? "" : ": " + counts(c.byError)));
            double limit = TARGET_P99_RATIO * q.p99;
            pass &= target(String.format(Locale.ROOT, "Rebound: p99 during chaos <= %.0f x p99 without faults",
                    TARGET_P99_RATIO), c.p99 <= limit, String.format(Locale.ROOT,
                            "chaos p99 %.2f ms, quiet p99 %.2f ms, limit %.2f ms (ratio %.2f)", c.p99, q.p99, limit,
                            c.p99 / q.p99));
            long skipped = rebound.faults.stream().filter(f -> !f.outcome.equals("injected")).count();
            pass &= target("Rebound: the server ran to the end", rebound.serverAlive, (rebound.serverAlive ? "alive"
                    : "NOT RUNNING") + "; " + (rebound.faults.size() - skipped) + " of " + rebound.faults.size()
                    + " faults injected" + (skipped == 0 ? "" : " (see the notes for the others)"));
        }
        if (rebound != null && baseline != null) {
            Stats rc = new Stats(rebound.chaos(), files);
            Stats bc = new Stats(baseline.chaos(), files);
            System.out.printf("  (comparison) chaos availability: Rebound %.3f %%, baseline %.3f %%; requests not ok:"
                    + " Rebound %d, baseline %d of %d%n", rc.availability(), bc.availability(), rc.sent - rc.ok,
                    bc.sent - bc.ok, bc.sent);
        }
        return pass;
    }

    private static boolean target(String what, boolean ok, String detail) {
        System.out.printf("  %-4s %s — %s%n", ok ? "PASS" : "FAIL", what, detail);
        return ok;
    }

    /** Every failed request of the chaos (and quiet) period with the fault before it and the server's log lines. */
    /**
     * The failed requests of the quiet and chaos periods, grouped into episodes (failures after the same fault, sent
     * less than a second apart), each with the fault before it and the server's log lines of its span.
     */
    private void failureDetails(RunResult r) throws IOException {
        List<Sample> bad = r.samples.stream().filter(s -> s.intended >= r.quietStart && s.intended < r.chaosEnd
                && !s.ok(files)).toList();
        System.out.println();
        if (bad.isEmpty()) {
            System.out.println("Rebound: no request failed");
            return;
        }
        List<LogLine> log = LogLine.read(r.err);
        System.out.println("Rebound: failed requests by episode (t = scheduled send relative to the chaos start; fault ="
                + " the last one injected before; server log = its WARNING/ERROR lines and the connector's and"
                + " supervisor's INFO lines from 100 ms before the first send to 100 ms after the last failure,"
                + " repeated lines counted once)");
        List<List<Sample>> episodes = new ArrayList<>();
        Fault episodeFault = null;
        for (Sample s : bad) {
            Fault before = faultBefore(r, s.intended);
            List<Sample> last = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
            if (last == null || before != episodeFault
                    || s.intended - last.get(last.size() - 1).intended > TimeUnit.SECONDS.toNanos(1)) {
                last = new ArrayList<>();
                episodes.add(last);
            }
            last.add(s);
            episodeFault = before;
        }
        int shown = 0;
        for (List<Sample> e : episodes) {
            if (shown++ >= o.maxDetails) {
                System.out.println("  ... " + (episodes.size() - o.maxDetails) + " more episodes");
                break;
            }
            Sample first = e.get(0);
            Fault before = faultBefore(r, first.intended);
            long lastEnd = e.stream().mapToLong(Sample::end).max().orElse(first.end);
            Map<String, Integer> kinds = new TreeMap<>();
            Map<String, Integer> connections = new TreeMap<>();
            e.forEach(s -> {
                kinds.merge(s.describe(files).replaceAll(" \\((fresh|new keep-alive|reused keep-alive)\\)$", ""), 1,
                        Integer::sum);
                connections.merge(s.connection, 1, Integer::sum);
            });
            List<Double> lat = e.stream().map(s -> Figures.ms(s.end - s.intended)).toList();
            System.out.printf("  episode t %+8.3f .. %+8.3f s: %d failed after %s; took %s..%s ms; %s; on %s%n",
                    Figures.ms(first.intended - r.chaosStart) / 1000,
                    Figures.ms(e.get(e.size() - 1).intended - r.chaosStart) / 1000, e.size(),
                    before == null ? "no fault" : before.label() + " injected at " + String.format(Locale.ROOT,
                            "%+.3f s", Figures.ms(before.atNanos - r.chaosStart) / 1000),
                    Figures.f0(lat.stream().min(Double::compare).orElse(Double.NaN)), Figures.f0(Figures.max(lat)),
                    counts(kinds), counts(connections));
            Instant from = clock.wall(first.start - nanos(100));
            Instant to = clock.wall(lastEnd + nanos(100));
            Map<String, Integer> seen = new LinkedHashMap<>();
            Map<String, String> firstAt = new LinkedHashMap<>();
            for (LogLine l : log) {
                if (l.at.isBefore(from) || l.at.isAfter(to) || !l.relevant()) {
                    continue;
                }
                String text = l.shortText().replaceAll("worker-\\d+", "worker-#");
                if (seen.merge(text, 1, Integer::sum) == 1) {
                    firstAt.put(text, String.format(Locale.ROOT, "%+8.3f s", Duration.between(
                            clock.wall(r.chaosStart), l.at).toNanos() / 1e9));
                }
            }
            int n = 0;
            for (Map.Entry<String, Integer> line : seen.entrySet()) {
                if (n++ >= 14) {
                    System.out.println("      ... " + (seen.size() - 14) + " more distinct log lines");
                    break;
                }
                System.out.println("      log " + firstAt.get(line.getKey()) + " " + line.getKey()
                        + (line.getValue() > 1 ? "  (×" + line.getValue() + ")" : ""));
            }
        }
    }

    private static Fault faultBefore(RunResult r, long nanos) {
        Fault before = null;
        for (Fault f : r.faults) {
            if (f.atNanos <= nanos) {
                before = f;
            }
        }
        return before;
    }

    private String offset(RunResult r, Object isoInstant) {
        try {
            Instant at = Instant.parse(String.valueOf(isoInstant));
            return String.format(Locale.ROOT, "%+8.3f s", Duration.between(clock.wall(r.chaosStart), at).toNanos()
                    / 1e9);
        } catch (DateTimeParseException e) {
            return String.valueOf(isoInstant);
        }
    }

    /**
     * The recovery a fault led to: the first unclaimed record of its component detected after the injection (within
     * 10 s) whose detector fits the fault's kind, else the first of that component at all (a hang cured by another
     * fault's reboot, say).
     */
    private Map<String, Object> claim(List<Map<String, Object>> unclaimed, Fault f, boolean fitting) {
        Instant injected = clock.wall(f.atNanos).minusMillis(5);
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (Map<String, Object> m : unclaimed) {
            if (!f.component.equals(m.get("name"))) {
                continue;
            }
            try {
                Instant det = Instant.parse(String.valueOf(m.get("detectedAt")));
                if (!det.isBefore(injected) && det.isBefore(injected.plusSeconds(10))) {
                    candidates.add(m);
                }
            } catch (DateTimeParseException e) {
                // not a record to claim
            }
        }
        Map<String, Object> chosen = fitting
                ? candidates.stream().filter(m -> fits(f.kind, causeKind(m))).findFirst().orElse(null)
                : candidates.isEmpty() ? null : candidates.get(0);
        unclaimed.remove(chosen);
        return chosen;
    }

    /** For a fault without a recovery of its own: the component's next recovery, which cured it along the way. */
    private String noRecord(RunResult r, Fault f) {
        Instant injected = clock.wall(f.atNanos);
        for (Map<String, Object> m : r.recoveries) {
            try {
                Instant det = Instant.parse(String.valueOf(m.get("detectedAt")));
                if (f.component.equals(m.get("name")) && det.isAfter(injected)) {
                    return "no record of its own; cured by the " + f.component + " reboot at "
                            + offset(r, m.get("detectedAt")).trim() + " (" + causeKind(m) + ")";
                }
            } catch (DateTimeParseException e) {
                // not a record
            }
        }
        return "no recovery record";
    }

    /** Whether a detector is the one expected to see a fault of this kind. */
    private static boolean fits(String faultKind, String causeKind) {
        return switch (faultKind) {
            case "crash", "exception" -> causeKind.startsWith("exception") || causeKind.startsWith("crash");
            case "hang" -> causeKind.startsWith("hang");
            case "leak" -> causeKind.startsWith("aging");
            default -> false;
        };
    }

    /** Which detector saw it, from the record's cause text (the record carries no kind field). */
    static String causeKind(Map<String, Object> m) {
        String cause = String.valueOf(m.get("cause"));
        String action = String.valueOf(m.get("action"));
        if (action.startsWith("rejuvenation")) {
            return "aging (rejuvenation)";
        }
        if (cause.contains(" died: ")) {
            return "crash (thread died)";
        }
        if (cause.contains("made no progress")) {
            return "hang (deadline)";
        }
        if (cause.startsWith("call failed: ")) {
            return "exception (call)";
        }
        if (cause.contains("calls failed in the last")) {
            return "error-rate";
        }
        if (cause.contains("live threads, over the limit")) {
            return "aging (max threads)";
        }
        if (cause.startsWith("reboot failed")) {
            return "reboot failed";
        }
        return "other";
    }

    static String actionKind(Map<String, Object> m) {
        String action = String.valueOf(m.get("action"));
        if (action.startsWith("rejuvenation")) {
            return "drained microreboot";
        }
        if (action.startsWith("microreboot")) {
            return action.contains("backoff") ? "microreboot+backoff" : "microreboot";
        }
        if (action.startsWith("rest-for-one")) {
            return "rest-for-one";
        }
        if (action.startsWith("restart all")) {
            return "restart all";
        }
        return action;
    }

    private static List<Sample> window(List<Sample> samples, long from, long to) {
        return samples.stream().filter(s -> s.intended >= from && s.intended < to).toList();
    }

    private Sample firstOk(List<Sample> samples, long from, long to) {
        return samples.stream().filter(s -> s.start >= from && s.start < to && s.ok(files))
                .min((a, b) -> Long.compare(a.end, b.end)).orElse(null);
    }

    /** Summary of a set of requests. */
    static final class Stats {
        int sent;
        int ok;
        int nonOk;
        int connErrors;
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        double max = Double.NaN;
        final Map<String, Integer> byStatus = new TreeMap<>();
        final Map<String, Integer> byError = new TreeMap<>();
        final Map<String, Integer> byConnection = new TreeMap<>();

        Stats(List<Sample> samples, Map<String, byte[]> files) {
            List<Double> lat = new ArrayList<>();
            for (Sample s : samples) {
                sent++;
                byConnection.merge(s.connection, 1, Integer::sum);
                if (s.ok(files)) {
                    ok++;
                    lat.add(Figures.ms(s.end - s.intended));
                } else if (s.status > 0) {
                    nonOk++;
                    byStatus.merge(s.status == 200 ? "200 with a wrong body" : String.valueOf(s.status), 1,
                            Integer::sum);
                } else {
                    connErrors++;
                    byError.merge(s.error, 1, Integer::sum);
                }
            }
            Collections.sort(lat);
            if (!lat.isEmpty()) {
                p50 = lat.get((int) Math.ceil(0.50 * lat.size()) - 1);
                p99 = lat.get((int) Math.ceil(0.99 * lat.size()) - 1);
                max = lat.get(lat.size() - 1);
            }
        }

        double availability() {
            return sent == 0 ? Double.NaN : 100.0 * ok / sent;
        }
    }

    // ---- the fault schedule ------------------------------------------------------------------------------------

    /** One scheduled fault, and what became of it in one run. */
    static final class Fault {
        final long offsetMs;
        final String component;
        final String kind;
        long atNanos;
        String outcome = "not reached";

        Fault(long offsetMs, String component, String kind) {
            this.offsetMs = offsetMs;
            this.component = component;
            this.kind = kind;
        }

        String label() {
            return component + "/" + kind;
        }

        static List<Fault> plan(Random random, long count, long everyMs, List<String> components, List<String> kinds) {
            List<Fault> plan = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                plan.add(new Fault(i * everyMs, components.get(random.nextInt(components.size())),
                        kinds.get(random.nextInt(kinds.size()))));
            }
            return plan;
        }
    }

    // ---- the load ----------------------------------------------------------------------------------------------

    /** One request as the client lived it. */
    record Sample(long intended, long start, long end, String path, String connection, int status, String error,
            byte[] body) {

        boolean ok(Map<String, byte[]> files) {
            return status == 200 && error == null && Arrays.equals(body, files.get(path));
        }

        String describe(Map<String, byte[]> files) {
            if (status == 200 && error == null) {
                return "200 with a wrong body (" + (body == null ? "none" : body.length + " bytes") + ")";
            }
            if (status > 0) {
                return "status " + status + (error == null ? "" : " " + error);
            }
            return error;
        }
    }

    /**
     * An open-loop load: a scheduler sends a request every 1/rate seconds whatever happened to the previous ones
     * (so a stall shows as latency of the requests scheduled during it, not as requests never sent), each on a
     * worker thread. A share of them goes over pooled keep-alive connections, the rest each over a fresh connection.
     */
    static final class Load {

        private static final int MAX_IN_FLIGHT = 2000;
        // The connector closes a connection idle for idle.timeout.millis (30 s by default); a pooled connection is
        // reused only well within that.
        private static final long MAX_REUSE_IDLE_NANOS = TimeUnit.SECONDS.toNanos(25);

        private final int port;
        private final Map<String, byte[]> files;
        private final List<String> paths;
        private final Options o;
        private final Clock clock;
        private final ConcurrentLinkedDeque<Conn> idle = new ConcurrentLinkedDeque<>();
        private final AtomicInteger idleCount = new AtomicInteger();
        private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        private final ExecutorService workers;
        private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger failed = new AtomicInteger();
        // Client addresses new connections come from, in turn (127.0.0.1, 127.0.0.2, ...: all loopback on Linux).
        private final List<InetAddress> sources = new ArrayList<>();
        private final AtomicInteger nextSource = new AtomicInteger();
        private final Thread scheduler;
        private volatile boolean running = true;

        Load(int port, Map<String, byte[]> files, Options o, Clock clock) {
            this.port = port;
            this.files = files;
            this.paths = new ArrayList<>(files.keySet());
            this.o = o;
            this.clock = clock;
            AtomicInteger n = new AtomicInteger();
            this.workers = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "load-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            for (int i = 1; i <= o.clientAddresses; i++) {
                try {
                    sources.add(InetAddress.getByAddress(new byte[] { 127, 0, 0, (byte) i }));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            this.scheduler = new Thread(this::schedule, "load-scheduler");
            scheduler.setDaemon(true);
        }

        void start() {
            scheduler.start();
        }

        int sent() {
            return samples.size();
        }

        int failed() {
            return failed.get();
        }

        List<Sample> samples() {
            synchronized (samples) {
                List<Sample> copy = new ArrayList<>(samples);
                copy.sort((a, b) -> Long.compare(a.intended, b.intended));
                return copy;
            }
        }

        /** Stops scheduling and waits (bounded by the request timeout) for the requests under way. */
        void stop() throws InterruptedException {
            running = false;
            scheduler.join(5_000);
            workers.shutdown();
            if (!workers.awaitTermination(o.timeoutMs + 5_000L, TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
            Conn c;
            while ((c = idle.poll()) != null) {
                c.close();
            }
        }

        private void schedule() {
            SplittableRandom random = new SplittableRandom(o.seed * 31 + 7);
            long period = 1_000_000_000L / o.rate;
            long t0 = System.nanoTime();
            for (long k = 0; running; k++) {
                long at = t0 + k * period;
                long wait = at - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    if (System.nanoTime() < at) {
                        k--;
                        continue;
                    }
                }
                double p = random.nextDouble();
                String path = p < 0.6 ? paths.get(0) : p < 0.9 ? paths.get(1) : paths.get(2);
                boolean keepAlive = random.nextDouble() < o.keepAliveShare;
                if (!inFlight.tryAcquire()) {
                    record(new Sample(at, at, at, path, keepAlive ? "keep-alive" : "fresh", -1,
                            "client: over " + MAX_IN_FLIGHT + " requests in flight, not sent", null));
                    continue;
                }
                workers.execute(() -> {
                    try {
                        record(request(at, path, keepAlive));
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }

        private void record(Sample s) {
            if (!s.ok(files)) {
                failed.incrementAndGet();
            }
            samples.add(s);
        }

        /**
         * The connection that went idle last, if any, like a browser's pool. One idle for longer than the server
         * keeps idle connections ({@link #MAX_REUSE_IDLE_NANOS}) is closed instead: the server closes it on its side
         * by then, and a client that sent a request on it would see that close as a failure that no fault caused.
         */
        private Conn pooled() {
            Conn c;
            while ((c = idle.pollFirst()) != null) {
                idleCount.decrementAndGet();
                if (System.nanoTime() - c.idleSince < MAX_REUSE_IDLE_NANOS) {
                    return c;
                }
                c.close();
            }
            return null;
        }

        private Sample request(long intended, String path, boolean keepAlive) {
            long start = System.nanoTime();
            Conn c = null;
            String type;
            if (keepAlive) {
                c = pooled();
                type = c == null ? "new keep-alive" : "reused keep-alive";
            } else {
                type = "fresh";
            }
            // How long a reused connection had been idle, named in its failures (not in the type, which groups).
            String idleFor = c == null ? "" : ", idle " + (start - c.idleSince) / 1_000_000_000 + " s";
            if (c == null) {
                try {
                    c = Conn.open(port, o.timeoutMs, sources.get(Math.floorMod(nextSource.getAndIncrement(),
                            sources.size())));
                } catch (IOException e) {
                    return new Sample(intended, start, System.nanoTime(), path, type, -1,
                            "connect: " + classify(e) + " (" + type + ")", null);
                }
            }
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUser-Agent: rebound-chaos-bench\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
            try {
                c.out.write(request.getBytes(StandardCharsets.US_ASCII));
                c.out.flush();
            } catch (IOException e) {
                c.close();
                return new Sample(intended, start, System.nanoTime(), path, type, -1,
                        "write: " + classify(e) + " (" + type + idleFor + ")", null);
            }
            HttpResponseReader.Response r;
            try {
                r = c.in.read();
            } catch (IOException | RuntimeException e) {
                c.close();
                String stage = c.in.statusSeen ? "read after status " + c.in.status + ": "
                        : "read before any response byte: ";
                return new Sample(intended, start, System.nanoTime(), path, type, -1,
                        stage + classify(e) + " (" + type + idleFor + ")", null);
            }
            long end = System.nanoTime();
            if (keepAlive && !r.close() && idleCount.get() < o.maxIdle) {
                idleCount.incrementAndGet();
                c.idleSince = System.nanoTime();
                idle.offerFirst(c);
            } else {
                c.close();
            }
            return new Sample(intended, start, end, path, type, r.status(), null, r.body());
        }

        static String classify(Throwable e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            if (e instanceof ConnectException) {
                return m.contains("refused") ? "connection refused" : "connect failed (" + m + ")";
            }
            if (e instanceof SocketTimeoutException) {
                return "timeout";
            }
            if (e instanceof EOFException) {
                return "closed by the server (" + m + ")";
            }
            if (e instanceof SocketException) {
                if (m.contains("reset")) {
                    return "connection reset";
                }
                if (m.contains("Broken pipe")) {
                    return "broken pipe";
                }
                return "socket error (" + m + ")";
            }
            return e.getClass().getSimpleName() + (m.isEmpty() ? "" : " (" + m + ")");
        }
    }

    /** One client connection; reads one HTTP/1.1 response at a time. */
    static final class Conn {

        private final Socket socket;
        long idleSince;
        final HttpResponseReader in;
        final OutputStream out;

        private Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new HttpResponseReader(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
            this.out = socket.getOutputStream();
        }

        static Conn open(int port, int timeoutMs, InetAddress from) throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.setSoTimeout(timeoutMs);
                if (from != null) {
                    s.bind(new InetSocketAddress(from, 0));
                }
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Math.min(timeoutMs, 5_000));
                return new Conn(s);
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    // ---- the server's log --------------------------------------------------------------------------------------

    /** One line of the server's stderr (the runtime's format: ISO instant, level, logger, message). */
    record LogLine(Instant at, String level, String text) {

        private static final Pattern LINE = Pattern.compile(
                "^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z) (\\w+) (.*)$");

        static List<LogLine> read(Path file) throws IOException {
            List<LogLine> lines = new ArrayList<>();
            if (!Files.isRegularFile(file)) {
                return lines;
            }
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher m = LINE.matcher(l);
                if (m.matches()) {
                    try {
                        lines.add(new LogLine(Instant.parse(m.group(1)), m.group(2), m.group(3)));
                    } catch (DateTimeParseException e) {
                        // not a log line
                    }
                }
            }
            return lines;
        }

        /** Worth showing next to a failure: problems, and what the connector and the supervisor did. */
        boolean relevant() {
            return level.equals("WARNING") || level.equals("ERROR") || text.contains("rejected")
                    || text.startsWith("io.rebound.connector:") || text.startsWith("io.rebound.recovery:");
        }

        String shortText() {
            String t = level + " " + text.replaceAll("/127\\.0\\.0\\.1:\\d+", "/127.0.0.1:#");
            return t.length() > 230 ? t.substring(0, 230) + "…" : t;
        }
    }

    /** Maps System.nanoTime() to wall-clock instants (the server's log and /recoveries speak wall clock). */
    static final class Clock {
        private final Instant wall0 = Instant.now();
        private final long nano0 = System.nanoTime();

        Instant wall(long nanoTime) {
            return wall0.plusNanos(nanoTime - nano0);
        }
    }

    // ---- options -----------------------------------------------------------------------------------------------

    record Options(Path jar, Path tmp, Path pids, long durationMs, int rate, long faultEveryMs, long quietMs,
            long warmupMs, long settleMs, long seed, List<String> components, List<String> kinds,
            double keepAliveShare, int maxIdle, int timeoutMs, long hangDeadlineMs, String only, int maxDetails,
            List<String> jvmFlags, int clientAddresses) {

        /** The recovery policy for the run: no escalation, no backoff, hangs seen after hangDeadlineMs. */
        String policy() {
            return "# ChaosBench: a restart budget no run can exhaust (no escalation to rest-for-one / restart-all /"
                    + " exit 75),\n# no backoff before repeated restarts, and hangs detected after "
                    + hangDeadlineMs + " ms instead of 10 s.\n"
                    + "max.restarts=1000000\nbackoff.initial.millis=0\nhang.deadline.millis=" + hangDeadlineMs + "\n";
        }

        static Options parse(String[] args) {
            BenchArgs m = new BenchArgs(args);
            Path jar = Path.of(m.need("jar"));
            Path tmp = Path.of(m.need("tmp"));
            Path pids = m.optionalPath("pids");
            long duration = m.positive("duration", 60) * 1000L;
            int rate = m.positive("rate", 200);
            long every = m.positive("fault-every-ms", 2000);
            long quiet = m.positive("quiet", 15) * 1000L;
            long warmup = m.atLeast0("warmup", 5) * 1000L;
            long settle = m.atLeast0("settle", 5) * 1000L;
            long seed = Long.parseLong(m.take("seed", String.valueOf(System.currentTimeMillis() % 100_000)));
            List<String> components = List.of(m.take("components", DEFAULT_COMPONENTS).split(","));
            List<String> kinds = List.of(m.take("kinds", DEFAULT_KINDS).split(","));
            double share = Double.parseDouble(m.take("keepalive-share", "0.7"));
            if (share < 0 || share > 1) {
                throw new IllegalArgumentException("--keepalive-share must be between 0 and 1");
            }
            int maxIdle = m.positive("max-idle", 16);
            int timeout = m.positive("timeout-ms", 10_000);
            long hang = m.positive("hang-deadline-ms", 1000);
            String only = m.take("only", "both");
            if (!List.of("both", "rebound", "baseline").contains(only)) {
                throw new IllegalArgumentException("--only must be both, rebound or baseline");
            }
            int details = m.atLeast0("max-details", 40);
            String flags = m.take("jvm-flags", "").trim();
            List<String> jvmFlags = flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
            int addresses = m.positive("client-addresses", 16);
            if (addresses > 254) {
                throw new IllegalArgumentException("--client-addresses must be at most 254");
            }
            if (rate > 2000) {
                throw new IllegalArgumentException("--rate above 2000 is not what this bench is for");
            }
            if (every > duration) {
                throw new IllegalArgumentException("--fault-every-ms must not exceed --duration");
            }
            m.rejectUnknown();
            return new Options(jar, tmp, pids, duration, rate, every, quiet, warmup, settle, seed, components, kinds,
                    share, maxIdle, timeout, hang, only, details, jvmFlags, addresses);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** Fixed pseudo-random bytes (the same on every run), so a body from the wrong file or offset shows. */
    private static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        SplittableRandom r = new SplittableRandom(seed);
        r.nextBytes(b);
        return b;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void sleep(long millis) throws InterruptedException {
        if (millis > 0) {
            TimeUnit.MILLISECONDS.sleep(millis);
        }
    }

    private static long nanos(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static String counts(Map<String, Integer> m) {
        if (m.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        m.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> parts.add(e.getKey() + " ×" + e.getValue()));
        return "{" + String.join(", ", parts) + "}";
    }
}
