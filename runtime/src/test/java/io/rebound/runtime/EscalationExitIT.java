package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last step of escalation, which only a real process can show (CONTRACT section 1): a component that keeps
 * failing is microrebooted up to its restart intensity (the default: 5 within 60 s), then restarted with its
 * dependents (rest-for-one), then with every component (restart all), and at the next failure the process exits
 * with code 75 for an outer supervisor to restart it. The failures are injected crashes of the static-files
 * component (server started with {@code --faults}); the default policy is used as shipped.
 */
class EscalationExitIT {

    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(40);
    /** Default backoff grows to 800 ms before the 5th restart; detection and reboot take milliseconds more. */
    private static final Duration RECOVERY = Duration.ofSeconds(20);
    private static final Pattern READY_LINE =
            Pattern.compile("rebound ready (http://127\\.0\\.0\\.1:\\d+/) admin (http://127\\.0\\.0\\.1:\\d+/)");
    private static final Pattern RESULT = Pattern.compile("\"result\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern ACTION = Pattern.compile("\"action\"\\s*:\\s*\"([^\"]*)\"");
    /** The default restart intensity of io.rebound.recovery (max.restarts). */
    private static final int DEFAULT_MAX_RESTARTS = 5;

    @RegisterExtension
    final ReboundProcesses processes = new ReboundProcesses();

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void componentThatKeepsFailingEscalatesAndFinallyExitsWith75() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(root.resolve("index.html"), "<p>escalation</p>\n");
        Path data = tmp.resolve("data");
        ReboundProcesses.Child server = processes.start(tmp, Map.of(), "--port", "0", "--admin-port", "0",
                "--root", root.toString(), "--data", data.toString(), "--faults");
        Matcher ready = READY_LINE.matcher(server.nextLine(READY));
        assertTrue(ready.matches(), "not a ready line");
        String base = ready.group(1);
        String admin = ready.group(2);
        String token = Files.readString(data.resolve("admin.token")).trim();

        List<String> results = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        // Each failure until the supervisor escalates twice: it must answer every one with a recorded recovery.
        for (int failure = 1; failure <= DEFAULT_MAX_RESTARTS + 2; failure++) {
            int known = results.size();
            inject(admin, token);
            long deadline = System.nanoTime() + RECOVERY.toNanos();
            while (results.size() == known) {
                if (System.nanoTime() - deadline > 0) {
                    fail("no recovery recorded for failure " + failure + " within " + RECOVERY + "; so far "
                            + results + " " + actions);
                }
                get(base + "index.html"); // Strikes the broken component.
                String recoveries = adminGet(admin + "recoveries", token);
                results = all(RESULT, recoveries);
                actions = all(ACTION, recoveries);
                Thread.sleep(50);
            }
            assertEquals(failure, results.size(), "one recovery per failure: " + results + " " + actions);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < DEFAULT_MAX_RESTARTS; i++) {
            expected.add("RECOVERED");
        }
        expected.add("ESCALATED");
        expected.add("ESCALATED");
        assertEquals(expected, results, "results, actions " + actions);
        assertTrue(actions.get(DEFAULT_MAX_RESTARTS).startsWith("rest-for-one: files, "), actions.toString());
        assertTrue(actions.get(DEFAULT_MAX_RESTARTS + 1).startsWith("restart all: "), actions.toString());
        assertTrue(server.staysAlive(Duration.ZERO), "the server serves on after restart-all");
        assertEquals(200, get(base + "index.html"), "serving after restart-all");

        // One failure more within the window: the process gives up and asks to be restarted.
        inject(admin, token);
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (server.staysAlive(Duration.ofMillis(50))) {
            if (System.nanoTime() - deadline > 0) {
                fail("the server did not give up after failure " + (DEFAULT_MAX_RESTARTS + 3));
            }
            get(base + "index.html");
        }
        assertEquals(75, server.awaitExit(STOP), "exit code after escalation gave up");
        assertEquals(1, server.stdoutLines().size(), "stdout carries the ready line only: " + server.stdoutLines());
    }

    private void inject(String admin, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(admin + "faults/files?kind=crash"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), "POST /faults/files?kind=crash: " + response.body());
    }

    private String adminGet(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "GET " + url + ": " + response.body());
        return response.body();
    }

    /** @return the status, or -1 when the request failed (the component or the server is going down) */
    private int get(String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static List<String> all(Pattern pattern, String json) {
        List<String> values = new ArrayList<>();
        Matcher matcher = pattern.matcher(json);
        while (matcher.find()) {
            values.add(matcher.group(1));
        }
        return values;
    }
}
