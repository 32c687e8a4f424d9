package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Nagios plugin bin/check_rebound against a real rebound.jar in each state it reports, and the health endpoints
 * in those states; where Debian's monitoring-plugins are installed, the standard check_http against /health too.
 */
class CheckReboundIT {

    private static final Path PLUGIN = Path.of(System.getProperty("rebound.check", "../bin/check_rebound"))
            .toAbsolutePath();
    private static final Path CHECK_HTTP = Path.of("/usr/lib/nagios/plugins/check_http");
    /** One status line, a space-separated list of 'label'=value[UOM];warn;crit;min;max after the bar. */
    private static final Pattern NAGIOS_LINE = Pattern.compile("REBOUND (OK|WARNING|CRITICAL|UNKNOWN) - [^|\\n]+"
            + "( \\| ('[a-z_]+'=[0-9.]+(c|ms)?;[0-9]*;[0-9]*;[0-9]*;[0-9]*)( '[a-z_]+'=[0-9.]+(c|ms)?;[0-9]*;[0-9]*;"
            + "[0-9]*;[0-9]*)*)?");
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @RegisterExtension
    final ReboundProcesses processes = new ReboundProcesses();

    @TempDir
    Path tmp;

    /** The plugin's exit code and its output lines. */
    private record Result(int exitCode, List<String> lines) {
        String line() {
            return lines.isEmpty() ? "" : lines.get(0);
        }
    }

    private static Result run(Path program, String... args) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || onPath("curl"),
                "check_rebound needs curl: apt-get install -y curl");
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running: " + command);
        return new Result(process.exitValue(), output.lines().toList());
    }

    private static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static Result check(ReadyServer server, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-H", "127.0.0.1", "-p", String.valueOf(server.port()), "-t",
                "10"));
        args.addAll(List.of(extra));
        Result result = run(PLUGIN, args.toArray(new String[0]));
        assertEquals(1, result.lines().size(), "one line of output: " + result.lines());
        assertTrue(NAGIOS_LINE.matcher(result.line()).matches(), "not a Nagios status line: " + result.line());
        return result;
    }

    @Test
    void helpAndBadArguments() throws Exception {
        Result help = run(PLUGIN, "--help");
        assertEquals(0, help.exitCode());
        assertTrue(String.join("\n", help.lines()).contains("-w, --warning"), help.lines().toString());
        Result bad = run(PLUGIN, "-p", "not-a-port");
        assertEquals(3, bad.exitCode(), bad.lines().toString());
        assertTrue(bad.line().startsWith("REBOUND UNKNOWN - "), bad.line());
        assertEquals(3, run(PLUGIN, "-w", "9", "-c", "1").exitCode(), "warning above critical");
        assertEquals(3, run(PLUGIN, "--frobnicate").exitCode());
    }

    @Test
    void nothingListeningIsCritical() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Result result = run(PLUGIN, "-H", "127.0.0.1", "-p", String.valueOf(port), "-t", "5");
        assertEquals(2, result.exitCode(), result.lines().toString());
        assertTrue(result.line().startsWith("REBOUND CRITICAL - cannot get http://127.0.0.1:" + port + "/metrics"),
                result.line());
    }

    @Test
    void healthyServerIsOkWithPerfdataAndRecoveriesRaiseAWarning() throws Exception {
        ReadyServer server = ReadyServer.start(processes, tmp, Map.of(), "--faults");
        server.awaitGet("/health", r -> r.statusCode() == 200, SETTLE);
        Result ok = check(server);
        assertEquals(0, ok.exitCode(), ok.line());
        Matcher okLine = Pattern.compile("REBOUND OK - [1-9][0-9]* components ACTIVE, ([0-9]+) recoveries in 300 s \\| "
                + "'restarts'=([0-9]+)c;;;0; 'recoveries'=([0-9]+);2;5;0; 'last_recovery'=[0-9]+ms;;;0; 'failed'=0;;0;0;")
                .matcher(ok.line());
        assertTrue(okLine.matches(), ok.line());
        // A component may have been recovered while starting; count from here.
        int recent = Integer.parseInt(okLine.group(1));
        int restarts = Integer.parseInt(okLine.group(2));
        assertEquals(recent, Integer.parseInt(okLine.group(3)));
        if (Files.isExecutable(CHECK_HTTP)) {
            Result http = run(CHECK_HTTP, "-I", "127.0.0.1", "-p", String.valueOf(server.port()), "-u", "/health",
                    "-s", "OK");
            assertEquals(0, http.exitCode(), "check_http (HTTP/1.0) on /health: " + http.lines());
            Result http11 = run(CHECK_HTTP, "-H", "127.0.0.1", "-p", String.valueOf(server.port()), "-u",
                    "/health/ready");
            assertEquals(0, http11.exitCode(), "check_http with a Host (HTTP/1.1) on /health/ready: " + http11.lines());
        }

        // A real recovery: an injected exception in the files component, struck by a request.
        String recovered = "rebound_recent_recoveries " + (recent + 1) + "\n";
        assertEquals(202, server.admin("POST", "/faults/files?kind=exception").statusCode());
        server.get("/");
        HttpResponse<String> metrics = server.awaitGet("/metrics", r -> r.body().contains(recovered), SETTLE);
        assertTrue(metrics.body().contains(recovered), metrics.body());
        server.awaitGet("/health", r -> r.statusCode() == 200, SETTLE);

        String w = String.valueOf(recent);
        Result warning = check(server, "-w", w, "-c", String.valueOf(recent + 3));
        assertEquals(1, warning.exitCode(), warning.line());
        assertTrue(warning.line().startsWith("REBOUND WARNING - " + (recent + 1) + " recoveries in 300 s (more than "
                + recent + ")"), warning.line());
        assertTrue(Pattern.compile("'restarts'=" + (restarts + 1) + "c;;;0; 'recoveries'=" + (recent + 1) + ";" + w
                + ";" + (recent + 3) + ";0; 'last_recovery'=[0-9]+ms;;;0; ").matcher(warning.line()).find(),
                warning.line());
        Result critical = check(server, "-w", w, "-c", w);
        assertEquals(2, critical.exitCode(), critical.line());
        assertEquals(0, check(server, "-w", String.valueOf(recent + 1), "-c", String.valueOf(recent + 1)).exitCode(),
                "within the thresholds");

        // One line per recovery in <data>/logs/rebound.log, as on stderr.
        String log = Files.readString(server.data().resolve("logs/rebound.log"), StandardCharsets.UTF_8);
        assertEquals(1, log.lines().filter(l -> l.contains("recovery of files: RECOVERED")).count(), log);
        assertTrue(server.child().stderr().contains("recovery of files: RECOVERED"));
    }

    @Test
    void aComponentRecoveryGaveUpOnIsCriticalNotReadyButLive() throws Exception {
        // A temporary component is never restarted: its first failure leaves it FAILED (README, Recovery policy).
        Path deploy = Files.createDirectories(tmp.resolve("data/deploy"));
        Files.writeString(deploy.resolve("io.rebound.recovery.policy-files.cfg"),
                "component=files\nrestart.type=temporary\n");
        ReadyServer server = ReadyServer.start(processes, tmp, Map.of(), "--faults");
        assertEquals(200, server.awaitGet("/health/ready", r -> r.statusCode() == 200, SETTLE).statusCode());

        // FileInstall hands the policy to ConfigAdmin within a poll or two after start, and nothing outside the
        // process shows when it is in force: strike until a failure leaves files FAILED (an earlier strike is
        // simply recovered, well within the restart intensity).
        HttpResponse<String> ready = null;
        for (int strike = 1; strike <= 4; strike++) {
            assertEquals(202, server.admin("POST", "/faults/files?kind=exception").statusCode());
            server.get("/");
            String recoveries = "rebound_recoveries_total{result=\"RECOVERED\"} " + strike;
            ready = server.awaitGet("/health/ready", r -> {
                try {
                    return r.statusCode() == 503 || server.get("/metrics").body().contains(recoveries);
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            }, SETTLE);
            if (ready.statusCode() == 503) {
                break;
            }
            server.awaitGet("/health", r -> r.statusCode() == 200, SETTLE);
        }
        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(ready.body().startsWith("NOT READY FAILED components: files=FAILED"), ready.body());
        HttpResponse<String> health = server.get("/health");
        assertEquals(503, health.statusCode());
        assertEquals("FAILING files=FAILED\n", health.body());
        assertEquals(200, server.get("/health/live").statusCode(), "recovery gave up on a component, not the process");

        Result critical = check(server);
        assertEquals(2, critical.exitCode(), critical.line());
        assertTrue(critical.line().startsWith("REBOUND CRITICAL - FAILED: files "), critical.line());
        assertTrue(critical.line().contains("'failed'=1;;0;0;"), critical.line());
        if (Files.isExecutable(CHECK_HTTP)) {
            Result http = run(CHECK_HTTP, "-I", "127.0.0.1", "-p", String.valueOf(server.port()), "-u", "/health");
            assertEquals(2, http.exitCode(), "check_http on a 503 /health: " + http.lines());
        }

        // An operator restart heals it: back to OK.
        assertEquals(200, server.admin("POST", "/components/files/restart").statusCode());
        assertEquals(200, server.awaitGet("/health/ready", r -> r.statusCode() == 200, SETTLE).statusCode());
        assertEquals(0, check(server).exitCode());
    }
}
