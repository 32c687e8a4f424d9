package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@code java -jar rebound.jar} as child processes for one test, with stderr collected to a file under
 * {@code target/it-logs/} (printed when the test fails) and stdout read line by line. Kills every child after each
 * test.
 */
final class ReboundProcesses implements AfterEachCallback {

    static final Path JAR = Path.of(System.getProperty("rebound.jar", "target/rebound.jar")).toAbsolutePath();
    private static final Path LOGS = JAR.getParent().resolve("it-logs");

    private final List<Child> children = new ArrayList<>();

    /** Starts the jar in {@code workDir} with {@code env} added to an environment cleared of REBOUND_* variables. */
    Child start(Path workDir, Map<String, String> env, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            fail(JAR + " is missing: run mvn package first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        Files.createDirectories(LOGS);
        Path stderr = Files.createTempFile(LOGS, "rebound-", ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().keySet().removeIf(name -> name.startsWith("REBOUND_"));
        builder.environment().putAll(env);
        Child child = new Child(builder.start(), stderr, String.join(" ", args));
        children.add(child);
        return child;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (Child child : children) {
            child.kill();
            if (context.getExecutionException().isPresent()) {
                System.err.println("---- stderr of rebound.jar " + child.args + " (" + child.stderrFile + ")");
                System.err.println(child.stderr());
                System.err.println("---- stdout: " + child.stdoutLines());
            }
        }
        children.clear();
    }

    /** One running rebound.jar. */
    static final class Child {

        private static final String EOF = new String("EOF");

        private final Process process;
        private final Path stderrFile;
        private final String args;
        private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
        private final List<String> stdout = new ArrayList<>();
        private final Thread reader;

        Child(Process process, Path stderrFile, String args) {
            this.process = process;
            this.stderrFile = stderrFile;
            this.args = args;
            this.reader = new Thread(this::readStdout, "it-stdout-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        private void readStdout() {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (stdout) {
                        stdout.add(line);
                    }
                    unread.add(line);
                }
            } catch (IOException e) {
                // The process was killed; what was read is kept.
            } finally {
                unread.add(EOF);
            }
        }

        /** @return the next stdout line within {@code timeout}; fails if the process ends or stays silent */
        String nextLine(Duration timeout) throws InterruptedException {
            String line = unread.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                fail("no stdout line within " + timeout + " from rebound.jar " + args);
            }
            if (line == EOF) {
                unread.add(EOF);
                process.waitFor(10, TimeUnit.SECONDS);
                fail("rebound.jar " + args + " closed stdout (exit code "
                        + (process.isAlive() ? "none yet" : process.exitValue()) + ") before printing a line");
            }
            return line;
        }

        /** @return the exit code; fails if the process is still running after {@code timeout} */
        int awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("rebound.jar " + args + " still running after " + timeout);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            return process.exitValue();
        }

        /** Writes {@code text} to the process's stdin (its console, with {@code --shell}). */
        void type(String text) throws IOException {
            process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        void closeInput() throws IOException {
            process.getOutputStream().close();
        }

        /** @return whether the process is still running after {@code period} */
        boolean staysAlive(Duration period) throws InterruptedException {
            return !process.waitFor(period.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Sends SIGTERM (what {@link Process#destroy()} does on Linux and macOS). */
        void terminate() {
            process.destroy();
        }

        /** Sends SIGINT, as Ctrl-C does, through the kill command. */
        void interrupt() throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                fail("kill -INT " + process.pid() + " failed");
            }
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String stderr() {
            try {
                return Files.readString(stderrFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** @return the non-empty lines of stderr so far */
        List<String> stderrLines() {
            return stderr().lines().filter(line -> !line.isEmpty()).toList();
        }

        List<String> stdoutLines() {
            synchronized (stdout) {
                return List.copyOf(stdout);
            }
        }
    }
}
