import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Rebound process started by a bench with {@code java -jar}: it is ready once its stdout carries the ready line,
 * which names the public and the admin port. Every process started is remembered, so that a shutdown hook
 * ({@link #killAll}) leaves none behind, and its pid is appended to the pids file the calling script kills from if
 * the bench itself dies.
 */
final class BenchServer {

    private static final Pattern READY = Pattern.compile(
            "^rebound ready http://([^/ ]+):(\\d+)/ admin http://([^/ ]+):(\\d+)/$", Pattern.MULTILINE);
    private static final List<Process> ALL = new CopyOnWriteArrayList<>();

    final Process process;
    final Path out;
    final Path err;
    int port;
    URI admin;

    private BenchServer(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * The command line the benches start Rebound with: the JVM flags (none unless asked for), an admin API on a port
     * of its own choosing and fault injection on. Port 0 lets the server pick; the ready line tells which.
     */
    static List<String> command(List<String> jvmFlags, Path jar, int port, Path root, Path data) {
        List<String> cmd = new ArrayList<>();
        cmd.add("java");
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-jar", jar.toString(), "--port", String.valueOf(port), "--admin-port", "0", "--root",
                root.toString(), "--data", data.toString(), "--faults"));
        return cmd;
    }

    /** Starts {@code cmd}, stdout to {@code out} (where the ready line appears), stderr appended to {@code err}. */
    static BenchServer start(List<String> cmd, Path out, Path err, Path pids) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectOutput(out.toFile());
        pb.redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        ALL.add(p);
        if (pids != null) {
            Files.writeString(pids, p.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return new BenchServer(p, out, err);
    }

    /**
     * Whether the ready line is there yet; when it is, {@link #port} and {@link #admin} are set. Does not wait, so a
     * caller driving a load meanwhile can poll it.
     */
    boolean readyLine() {
        try {
            Matcher m = READY.matcher(Files.readString(out));
            if (m.find()) {
                port = Integer.parseInt(m.group(2));
                admin = URI.create("http://" + m.group(3) + ":" + m.group(4));
                return true;
            }
        } catch (IOException e) {
            // not written yet
        }
        return false;
    }

    /** Waits for the ready line; a process that exits first, or no ready line in time, fails the run. */
    void awaitReady(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (readyLine()) {
                return;
            }
            if (!process.isAlive()) {
                throw new BenchFailure("the server exited with " + process.exitValue() + " before it was ready;"
                        + " stderr ends: " + tail(err, 5));
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        throw new BenchFailure("no ready line within " + timeoutMs / 1000 + " s; stderr ends: " + tail(err, 5));
    }

    /** SIGTERM, as an operator would; SIGKILL after 15 s. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            System.out.println("server pid " + process.pid() + " ignored SIGTERM for 15 s; killing it");
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** SIGKILL to every server this JVM started; for a shutdown hook. */
    static void killAll() {
        for (Process p : ALL) {
            p.destroyForcibly();
        }
    }

    /**
     * A loopback port nobody listens on now, for a server that must keep one fixed port across restarts (the port
     * is free again when this returns; the server binds it a moment later).
     */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path file, int n) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
