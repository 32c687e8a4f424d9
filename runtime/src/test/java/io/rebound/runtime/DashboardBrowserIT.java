package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code /status} dashboard in a real browser: headless Chromium (the system's, driven by playwright-core from
 * itests/browser) loads it, the test restarts a component through the admin API, and the page must show it without a
 * reload, loading nothing from elsewhere and logging no error. Skipped, saying what to install, where Chromium, Node
 * or the Node project's dependencies are missing.
 */
class DashboardBrowserIT {

    private static final Path BROWSER_TESTS = Path.of(System.getProperty("rebound.browser", "../itests/browser"))
            .toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @RegisterExtension
    final ReboundProcesses processes = new ReboundProcesses();

    @TempDir
    Path tmp;

    @Test
    void anAdminRestartAppearsOnTheDashboardWithoutAReload() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + ": apt-get install -y chromium "
                + "(or set CHROMIUM) to run the dashboard browser test");
        assumeTrue(node() != null, "no node on the PATH: apt-get install -y nodejs npm to run the dashboard test");
        assumeTrue(Files.isDirectory(BROWSER_TESTS.resolve("node_modules/playwright-core")),
                "playwright-core is not installed: (cd " + BROWSER_TESTS + " && npm ci) to run the dashboard test");

        ReadyServer server = ReadyServer.start(processes, tmp, Map.of());
        Path screenshot = ReboundProcesses.JAR.getParent().resolve("it-logs/dashboard.png");
        Files.createDirectories(screenshot.getParent());
        Process node = new ProcessBuilder(List.of(node().toString(), "dashboard.mjs", server.http(), server.admin(),
                server.token(), "parser", screenshot.toString())).directory(BROWSER_TESTS.toFile())
                .redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(120, TimeUnit.SECONDS), "the browser test did not finish: " + output);
        assertEquals(0, node.exitValue(), output);
        assertTrue(output.contains("dashboard OK"), output);
    }

    private static Path node() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
