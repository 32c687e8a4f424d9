package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real rebound.jar as a process and talks to it over HTTP. */
class ServerIT {

    /** The server's own readiness deadline is 60 s; allow for JVM start on a slow machine. */
    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(40);
    private static final Pattern READY_LINE =
            Pattern.compile("rebound ready (http://127\\.0\\.0\\.1:(\\d+)/) admin (http://127\\.0\\.0\\.1:(\\d+)/)");

    @RegisterExtension
    final ReboundProcesses processes = new ReboundProcesses();

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Matcher ready(ReboundProcesses.Child child) throws InterruptedException {
        String line = child.nextLine(READY);
        Matcher matcher = READY_LINE.matcher(line);
        assertTrue(matcher.matches(), "not a ready line: " + line);
        assertTrue(Integer.parseInt(matcher.group(2)) > 0, line);
        assertTrue(Integer.parseInt(matcher.group(4)) > 0, line);
        return matcher;
    }

    private String existingRoot() throws IOException {
        return Files.createDirectories(tmp.resolve("www")).toString();
    }

    private ReboundProcesses.Child startServer(Path root, Path data) throws IOException {
        return processes.start(tmp, Map.of(), "--port", "0", "--admin-port", "0", "--root", root.toString(),
                "--data", data.toString());
    }

    @Test
    void servesFilesAndStopsGracefullyOnSigterm() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("www"));
        byte[] content = new byte[70_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + 7);
        }
        Files.write(root.resolve("data.bin"), content);
        Files.writeString(root.resolve("hello.txt"), "hello, rebound\n");
        ReboundProcesses.Child server = startServer(root, tmp.resolve("data"));

        String base = ready(server).group(1);
        HttpResponse<byte[]> hello = get(base + "hello.txt");
        assertEquals(200, hello.statusCode());
        assertEquals("hello, rebound\n", new String(hello.body(), StandardCharsets.UTF_8));
        HttpResponse<byte[]> binary = get(base + "data.bin");
        assertEquals(200, binary.statusCode());
        assertArrayEquals(content, binary.body());
        assertEquals(404, get(base + "missing").statusCode());

        server.terminate();
        assertEquals(0, server.awaitExit(STOP));
        assertEquals(1, server.stdoutLines().size(), "stdout carries the ready line only: " + server.stdoutLines());
        assertTrue(Files.isDirectory(tmp.resolve("data/deploy")));
    }

    @Test
    void stopsGracefullyOnSigint() throws Exception {
        ReboundProcesses.Child server = startServer(Files.createDirectory(tmp.resolve("www")), tmp.resolve("data"));
        ready(server);
        server.interrupt();
        assertEquals(0, server.awaitExit(STOP));
    }

    @Test
    void gogoStopZeroOnTheShellStopsTheServerWithExitCodeZero() throws Exception {
        ReboundProcesses.Child server = processes.start(tmp, Map.of(), "--port", "0", "--admin-port", "0",
                "--shell");
        ready(server);
        server.type("stop 0\n");
        assertEquals(0, server.awaitExit(STOP));
    }

    @Test
    void withoutShellTheConsoleIsNotRead() throws Exception {
        ReboundProcesses.Child server = startServer(Files.createDirectory(tmp.resolve("www")), tmp.resolve("data"));
        String base = ready(server).group(1);
        server.type("stop 0\n");
        server.closeInput();
        // Gogo would stop the framework at end of input if it read the console; the server must keep serving.
        assertTrue(server.staysAlive(Duration.ofSeconds(3)), "the server stopped after its stdin closed");
        assertEquals(404, get(base + "missing").statusCode());
    }

    @Test
    void secondServerOnTheSameDataDirectoryIsRefusedAndTheFirstKeepsServing() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("www"));
        Files.writeString(root.resolve("a.txt"), "a");
        ReboundProcesses.Child first = startServer(root, tmp.resolve("data"));
        String base = ready(first).group(1);

        ReboundProcesses.Child second = startServer(root, tmp.resolve("data"));
        assertEquals(2, second.awaitExit(STOP));
        List<String> lines = second.stderrLines();
        assertEquals(List.of("rebound: --data: '" + tmp.resolve("data")
                + "' is in use by another Rebound server (rebound.lock is locked)"), lines);
        assertEquals("a", new String(get(base + "a.txt").body(), StandardCharsets.UTF_8));
    }

    @Test
    void missingRootIsCreatedWithAnIndexPage() throws Exception {
        Path root = tmp.resolve("new-site");
        ReboundProcesses.Child server = startServer(root, tmp.resolve("data"));
        String base = ready(server).group(1);

        assertTrue(Files.isRegularFile(root.resolve("index.html")));
        HttpResponse<byte[]> index = get(base + "index.html");
        assertEquals(200, index.statusCode());
        String page = new String(index.body(), StandardCharsets.UTF_8);
        assertTrue(page.contains("Rebound") && page.contains("/health"), page);
    }

    @Test
    void defaultsAreRelativeToTheWorkingDirectory() throws Exception {
        ReboundProcesses.Child server = processes.start(tmp, Map.of("REBOUND_PORT", "0", "REBOUND_ADMIN_PORT", "0"));
        ready(server);
        assertTrue(Files.isRegularFile(tmp.resolve("www/index.html")));
        assertTrue(Files.isDirectory(tmp.resolve("rebound-data/deploy")));
    }

    @Test
    void badOptionIsOneLineAndExitCode2() throws Exception {
        ReboundProcesses.Child server = processes.start(tmp, Map.of(), "--port", "http");
        assertEquals(2, server.awaitExit(STOP));
        assertEquals(List.of("rebound: --port: 'http' is not a port number (0-65535)"), server.stderrLines());
        assertEquals(List.of(), server.stdoutLines());
    }

    @Test
    void badEnvironmentVariableIsOneLineAndExitCode2() throws Exception {
        ReboundProcesses.Child server = processes.start(tmp, Map.of("REBOUND_ADMIN_PORT", "99999"));
        assertEquals(2, server.awaitExit(STOP));
        assertEquals(List.of("rebound: REBOUND_ADMIN_PORT: port 99999 is out of range (0-65535)"),
                server.stderrLines());
    }

    @Test
    void unknownOptionIsOneLineAndExitCode2() throws Exception {
        ReboundProcesses.Child server = processes.start(tmp, Map.of(), "--verbose");
        assertEquals(2, server.awaitExit(STOP));
        assertEquals(List.of("rebound: unknown option '--verbose' (try --help)"), server.stderrLines());
    }

    @Test
    void publicPortInUseIsOneLineNamingItAndExitCode2() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            // An existing root: only the error line may appear, not the log line of a new root.
            ReboundProcesses.Child server = processes.start(tmp, Map.of(), "--port",
                    String.valueOf(taken.getLocalPort()), "--admin-port", "0", "--root", existingRoot());
            assertEquals(2, server.awaitExit(STOP));
            List<String> lines = server.stderrLines();
            assertEquals(1, lines.size(), "stderr: " + lines);
            assertTrue(lines.get(0).startsWith("rebound: ") && lines.get(0).contains(":" + taken.getLocalPort()),
                    lines.get(0));
            assertEquals(List.of(), server.stdoutLines());
        }
    }

    @Test
    void adminPortInUseIsOneLineNamingItAndExitCode2() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            ReboundProcesses.Child server = processes.start(tmp, Map.of(), "--port", "0", "--admin-port",
                    String.valueOf(taken.getLocalPort()), "--root", existingRoot());
            assertEquals(2, server.awaitExit(STOP));
            List<String> lines = server.stderrLines();
            assertEquals(1, lines.size(), "stderr: " + lines);
            assertTrue(lines.get(0).contains(":" + taken.getLocalPort()) && lines.get(0).contains("admin"),
                    lines.get(0));
        }
    }

    @Test
    void rootThatIsAFileIsOneLineAndExitCode2() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        ReboundProcesses.Child server = processes.start(tmp, Map.of(), "--root", file.toString(), "--port", "0",
                "--admin-port", "0");
        assertEquals(2, server.awaitExit(STOP));
        assertEquals(List.of("rebound: --root: '" + file + "' is not a directory"), server.stderrLines());
    }

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        ReboundProcesses.Child server = processes.start(tmp, Map.of(), "--help");
        assertEquals(0, server.awaitExit(STOP));
        String usage = String.join("\n", server.stdoutLines());
        for (Option option : Option.values()) {
            assertTrue(usage.contains(option.flag()), option.flag() + " missing from:\n" + usage);
            if (option.environmentVariable() != null) {
                assertTrue(usage.contains(option.environmentVariable()), option.environmentVariable());
            }
        }
        assertEquals(List.of(), server.stderrLines());
        assertTrue(Files.notExists(tmp.resolve("www")), "--help must not create anything");
    }
}
