package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Gogo commands of scope {@code rebound}, typed at the console of a real server started with {@code --shell}. */
class ShellIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final Pattern READY =
            Pattern.compile("rebound ready (http://127\\.0\\.0\\.1:(\\d+)/) admin (http://127\\.0\\.0\\.1:(\\d+)/)");

    @RegisterExtension
    final ReboundProcesses processes = new ReboundProcesses();

    @TempDir
    Path work;

    @Test
    void reboundCommandsListRestartInjectAndReport() throws Exception {
        ReboundProcesses.Child server = processes.start(work, Map.of(), "--shell", "--faults", "--port", "0",
                "--admin-port", "0", "--root", work.resolve("www").toString(), "--data",
                work.resolve("data").toString());
        Matcher ready = READY.matcher(server.nextLine(WITHIN));
        assertTrue(ready.find(), "no ready line");
        URI base = URI.create(ready.group(1));

        server.type("rebound:components\n");
        awaitLine(server, line -> line.contains("connector") && line.contains("ACTIVE"));

        server.type("rebound:restart parser\n");
        awaitLine(server, line -> line.contains("rebooted parser in"));

        server.type("help rebound:restart\n");
        awaitLine(server, line -> line.contains("microreboot a component now"));

        server.type("rebound:inject files crash\n");
        awaitLine(server, line -> line.contains("injected crash into files"));
        // The injected crash strikes at the next call into files; the request itself is retried on the new files.
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(base).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer::body);

        long deadline = System.nanoTime() + WITHIN.toNanos();
        boolean recovered = false;
        while (!recovered && System.nanoTime() < deadline) {
            server.type("rebound:history\n");
            String line = server.nextLine(WITHIN);
            recovered = line.contains("files") && line.contains("RECOVERED");
        }
        assertTrue(recovered, "rebound:history never showed the recovery of files");

        server.type("rebound:health\n");
        awaitLine(server, line -> line.contains("OK"));

        server.type("stop 0\n");
        assertEquals(0, server.awaitExit(WITHIN));
    }

    private static void awaitLine(ReboundProcesses.Child server, Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (wanted.test(server.nextLine(WITHIN))) {
                return;
            }
        }
        throw new AssertionError("expected console output never came; stdout so far: " + server.stdoutLines());
    }
}
