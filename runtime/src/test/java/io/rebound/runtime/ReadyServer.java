package io.rebound.runtime;

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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rebound.jar started by {@link ReboundProcesses} that printed its ready line: its public and admin URLs, its data
 * directory and admin token, and plain HTTP calls to it (for the operability tests).
 *
 * @param child the process
 * @param http the public base URL, ending in {@code /}
 * @param admin the admin base URL, ending in {@code /}
 * @param port the public port
 * @param data the data directory
 */
record ReadyServer(ReboundProcesses.Child child, String http, String admin, int port, Path data) {

    static final Duration READY = Duration.ofSeconds(90);
    private static final Pattern READY_LINE =
            Pattern.compile("rebound ready (http://127\\.0\\.0\\.1:(\\d+)/) admin (https?://\\S+/)");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Starts the jar on ephemeral ports with {@code tmp/data} and {@code tmp/www}, plus {@code args}. */
    static ReadyServer start(ReboundProcesses processes, Path tmp, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path data = tmp.resolve("data");
        List<String> all = new ArrayList<>(List.of("--port", "0", "--admin-port", "0", "--root",
                Files.createDirectories(tmp.resolve("www")).toString(), "--data", data.toString()));
        all.addAll(List.of(args));
        ReboundProcesses.Child child = processes.start(tmp, env, all.toArray(new String[0]));
        String line = child.nextLine(READY);
        Matcher m = READY_LINE.matcher(line);
        assertTrue(m.matches(), "not a ready line: " + line);
        return new ReadyServer(child, m.group(1), m.group(3), Integer.parseInt(m.group(2)), data);
    }

    String token() throws IOException {
        return Files.readString(data.resolve("admin.token"), StandardCharsets.UTF_8).trim();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(http + path.substring(1))).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> admin(String method, String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(admin + path.substring(1)))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token())
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code GET path} until {@code until} holds or the deadline passes; @return the last answer */
    HttpResponse<String> awaitGet(String path, Predicate<HttpResponse<String>> until, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<String> response = get(path);
            if (until.test(response) || System.nanoTime() > deadline) {
                return response;
            }
            Thread.sleep(100); // polling a condition with a deadline
        }
    }
}
