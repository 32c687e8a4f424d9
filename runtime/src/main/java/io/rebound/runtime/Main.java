package io.rebound.runtime;

import java.io.PrintStream;
import java.util.Map;

/**
 * Entry point of {@code java -jar rebound.jar}: parses the options, then hands over to the {@link Launcher}. The
 * only stdout output is {@code --help} and the ready line; everything else goes to stderr.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * @return the exit code; answers {@code --help} and bad options without touching the JVM's global state, so
     *         that those paths are unit-testable
     */
    static int run(String[] args, Map<String, String> env, PrintStream stdout, PrintStream stderr) {
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (OptionsException e) {
            stderr.println("rebound: " + LineFormatter.oneLine(e.getMessage()));
            stderr.flush();
            return ExitCode.USAGE;
        }
        if (options.help()) {
            stdout.print(Usage.text());
            stdout.flush();
            return ExitCode.OK;
        }
        ConsoleLogging.install(stderr);
        // Scripts read the ready line from stdout, so no bundle may print there (Felix, SCR and FileInstall all can).
        // Gogo's console writes to the stdout file descriptor directly and is unaffected.
        System.setOut(stderr);
        return new Launcher(options, stdout, stderr).run();
    }
}
