package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The paths of {@link Main#run} that answer without starting a server. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryOptionWithItsVariableAndDefault() {
        assertEquals(0, run(Map.of(), "--help"));
        String usage = out.toString(StandardCharsets.UTF_8);
        for (Option option : Option.values()) {
            assertTrue(usage.contains(option.flag()), option.flag());
            if (option.environmentVariable() != null) {
                assertTrue(usage.contains(option.environmentVariable()), option.environmentVariable());
            }
        }
        for (String shown : new String[] { "(default 8080)", "(default 127.0.0.1)", "(default ./www)",
                "(default ./rebound-data)", "(default 8081)", "(default off)" }) {
            assertTrue(usage.contains(shown), shown);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpWinsOverOtherOptions() {
        assertEquals(0, run(Map.of(), "--port", "1", "-h"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: "));
    }

    @Test
    void badOptionIsOneLineOnStderrAndExitCode2() {
        assertEquals(2, run(Map.of(), "--port", "x"));
        assertEquals("rebound: --port: 'x' is not a port number (0-65535)" + System.lineSeparator(),
                err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badVariableIsOneLineOnStderrAndExitCode2() {
        assertEquals(2, run(Map.of("REBOUND_FAULTS", "maybe")));
        assertEquals("rebound: REBOUND_FAULTS: 'maybe' is not a boolean (use true, false, 1 or 0)"
                + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
    }
}
