package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bin/check_rebound against a stand-in server answering canned {@code /metrics} and {@code /health/live}, for the
 * states a real server reaches only slowly or by stopping (recovery giving up on the process) and for answers that
 * are not Rebound's at all. CheckReboundIT runs it against the real jar.
 */
class CheckReboundPluginTest {

    private static final Path PLUGIN = Path.of(System.getProperty("rebound.check", "../bin/check_rebound"))
            .toAbsolutePath();

    private HttpServer server;
    private final Map<String, String[]> answers = new ConcurrentHashMap<>();

    private static String metrics(String... states) {
        StringBuilder text = new StringBuilder("# HELP rebound_component_restarts_total x\n"
                + "# TYPE rebound_component_restarts_total counter\n"
                + "rebound_component_restarts_total{component=\"parser\"} 3\n"
                + "rebound_component_restarts_total{component=\"files\"} 4\n"
                + "# HELP rebound_component_state x\n# TYPE rebound_component_state gauge\n");
        for (String state : states) {
            String[] nameAndState = state.split("=");
            for (String s : new String[] { "ACTIVE", "RECOVERING", "DEGRADED", "FAILED" }) {
                text.append("rebound_component_state{component=\"").append(nameAndState[0]).append("\",state=\"")
                        .append(s).append("\"} ").append(s.equals(nameAndState[1]) ? 1 : 0).append('\n');
            }
        }
        return text.append("# HELP rebound_recent_recoveries Recoveries that ended in the last 300 seconds.\n"
                + "# TYPE rebound_recent_recoveries gauge\nrebound_recent_recoveries 1\n"
                + "# HELP rebound_last_recovery_duration_seconds x\n"
                + "# TYPE rebound_last_recovery_duration_seconds gauge\n"
                + "rebound_last_recovery_duration_seconds 0.0425\n").toString();
    }

    @BeforeEach
    void serve() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "check_rebound needs curl: apt-get install -y curl");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String[] answer = answers.getOrDefault(exchange.getRequestURI().getPath(), new String[] { "404", "" });
            byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        answers.put("/health/live", new String[] { "200", "OK\n" });
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private List<String> check(int expectedExit, String... extra) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(PLUGIN.toString(), "-H", "127.0.0.1", "-p",
                String.valueOf(server.getAddress().getPort()), "-t", "5"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(expectedExit, process.exitValue(), lines.toString());
        assertEquals(1, lines.size(), lines.toString());
        return lines;
    }

    @Test
    void sumsRestartsAndReportsTheLatestRecoveryInMilliseconds() throws Exception {
        answers.put("/metrics", new String[] { "200", metrics("parser=ACTIVE", "files=ACTIVE") });
        assertEquals("REBOUND OK - 2 components ACTIVE, 1 recoveries in 300 s | 'restarts'=7c;;;0; "
                + "'recoveries'=1;2;5;0; 'last_recovery'=43ms;;;0; 'failed'=0;;0;0;", check(0).get(0));
    }

    @Test
    void aRecoveringComponentIsAWarningAndAFailedOneCritical() throws Exception {
        answers.put("/metrics", new String[] { "200", metrics("parser=RECOVERING", "files=ACTIVE") });
        assertTrue(check(1).get(0).startsWith("REBOUND WARNING - not ACTIVE: parser=RECOVERING, "));
        answers.put("/metrics", new String[] { "200", metrics("parser=RECOVERING", "files=FAILED") });
        String critical = check(2).get(0);
        assertTrue(critical.startsWith("REBOUND CRITICAL - FAILED: files "), critical);
        assertTrue(critical.endsWith("'failed'=1;;0;0;"), critical);
    }

    @Test
    void recoveryGivingUpOnTheProcessIsCritical() throws Exception {
        answers.put("/metrics", new String[] { "200", metrics("parser=ACTIVE") });
        answers.put("/health/live", new String[] { "503", "DOWN recovery gave up on the process\n" });
        assertTrue(check(2).get(0).startsWith("REBOUND CRITICAL - recovery gave up on the process"));
    }

    @Test
    void somethingElseAnsweringIsUnknown() throws Exception {
        answers.put("/metrics", new String[] { "200", "# just some exporter\nup 1\n" });
        assertTrue(check(3).get(0).startsWith("REBOUND UNKNOWN - "));
        answers.put("/metrics", new String[] { "500", "oops" });
        assertTrue(check(3).get(0).contains("answered 500"));
    }
}
