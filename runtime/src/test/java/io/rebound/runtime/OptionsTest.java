package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OptionsTest {

    private static Options parse(String... args) throws OptionsException {
        return Options.parse(args, Map.of());
    }

    private static String error(Map<String, String> env, String... args) {
        return assertThrows(OptionsException.class, () -> Options.parse(args, env)).getMessage();
    }

    private static String error(String... args) {
        return error(Map.of(), args);
    }

    @Test
    void defaults() throws OptionsException {
        Options options = parse();
        assertEquals(8080, options.port());
        assertEquals("127.0.0.1", options.bind());
        assertEquals(Path.of("./www"), options.root());
        assertEquals(Path.of("./rebound-data"), options.data());
        assertEquals(8081, options.adminPort());
        assertEquals("127.0.0.1", options.adminBind());
        assertFalse(options.faults());
        assertFalse(options.shell());
        assertFalse(options.help());
        assertEquals("--port", options.origin(Option.PORT));
    }

    @Test
    void everyOptionWithSeparateValue() throws OptionsException {
        Options options = parse("--port", "9000", "--bind", "0.0.0.0", "--root", "/srv/www", "--data", "/var/rb",
                "--admin-port", "9001", "--admin-bind", "::1", "--faults", "--shell");
        assertEquals(9000, options.port());
        assertEquals("0.0.0.0", options.bind());
        assertEquals(Path.of("/srv/www"), options.root());
        assertEquals(Path.of("/var/rb"), options.data());
        assertEquals(9001, options.adminPort());
        assertEquals("::1", options.adminBind());
        assertTrue(options.faults());
        assertTrue(options.shell());
        assertFalse(options.help());
    }

    @Test
    void everyOptionWithEquals() throws OptionsException {
        Options options = parse("--port=0", "--bind=::", "--root=site", "--data=state", "--admin-port=0",
                "--admin-bind=localhost", "--faults=true", "--shell=0");
        assertEquals(0, options.port());
        assertEquals("::", options.bind());
        assertEquals(Path.of("site"), options.root());
        assertEquals(Path.of("state"), options.data());
        assertEquals(0, options.adminPort());
        assertEquals("localhost", options.adminBind());
        assertTrue(options.faults());
        assertFalse(options.shell());
    }

    @Test
    void equalsKeepsFurtherEqualsSignsInTheValue() throws OptionsException {
        assertEquals(Path.of("a=b"), parse("--root=a=b").root());
    }

    @ParameterizedTest
    @ValueSource(strings = { "--help", "-h" })
    void help(String flag) throws OptionsException {
        assertTrue(parse(flag).help());
    }

    @Test
    void portBoundaries() throws OptionsException {
        assertEquals(0, parse("--port", "0").port());
        assertEquals(65535, parse("--port", "65535").port());
    }

    @Test
    void environmentVariables() throws OptionsException {
        Options options = Options.parse(new String[0], Map.of("REBOUND_PORT", "7000", "REBOUND_BIND", "0.0.0.0",
                "REBOUND_ROOT", "/srv", "REBOUND_DATA", "/data", "REBOUND_ADMIN_PORT", "7001",
                "REBOUND_ADMIN_BIND", "::1", "REBOUND_FAULTS", "1", "REBOUND_SHELL", "TRUE"));
        assertEquals(7000, options.port());
        assertEquals("0.0.0.0", options.bind());
        assertEquals(Path.of("/srv"), options.root());
        assertEquals(Path.of("/data"), options.data());
        assertEquals(7001, options.adminPort());
        assertEquals("::1", options.adminBind());
        assertTrue(options.faults());
        assertTrue(options.shell());
        assertEquals("REBOUND_ADMIN_PORT", options.origin(Option.ADMIN_PORT));
    }

    @Test
    void environmentFlagCanBeFalse() throws OptionsException {
        assertFalse(Options.parse(new String[0], Map.of("REBOUND_FAULTS", "false")).faults());
        assertFalse(Options.parse(new String[0], Map.of("REBOUND_FAULTS", "0")).faults());
    }

    @Test
    void commandLineBeatsEnvironment() throws OptionsException {
        Options options = Options.parse(new String[] { "--port", "9000", "--faults=false" },
                Map.of("REBOUND_PORT", "7000", "REBOUND_FAULTS", "true", "REBOUND_ADMIN_PORT", "7001"));
        assertEquals(9000, options.port());
        assertFalse(options.faults());
        assertEquals(7001, options.adminPort());
        assertEquals("--port", options.origin(Option.PORT));
    }

    @Test
    void commandLineBeatsABadEnvironmentValue() throws OptionsException {
        assertEquals(9000, Options.parse(new String[] { "--port=9000" }, Map.of("REBOUND_PORT", "junk")).port());
    }

    @Test
    void emptyEnvironmentVariableCountsAsUnset() throws OptionsException {
        assertEquals(8080, Options.parse(new String[0], Map.of("REBOUND_PORT", "")).port());
        assertEquals(8081, Options.parse(new String[0], Map.of("REBOUND_ADMIN_PORT", "  ")).adminPort());
    }

    @Test
    void environmentValueIsTrimmed() throws OptionsException {
        assertEquals(7000, Options.parse(new String[0], Map.of("REBOUND_PORT", " 7000\n")).port());
    }

    @Test
    void helpIsNotReadFromTheEnvironment() throws OptionsException {
        assertFalse(Options.parse(new String[0], Map.of("REBOUND_HELP", "true")).help());
    }

    @Test
    void unrelatedEnvironmentIsIgnored() throws OptionsException {
        assertEquals(8080, Options.parse(new String[0], Map.of("PORT", "1", "REBOUND_OTHER", "x")).port());
    }

    @Test
    void unknownOption() {
        assertEquals("unknown option '--prot' (try --help)", error("--prot", "80"));
        assertEquals("unknown option '--prot' (try --help)", error("--prot=80"));
        assertEquals("unknown option '-p' (try --help)", error("-p", "80"));
        assertEquals("unknown option '--' (try --help)", error("--"));
    }

    @Test
    void positionalArgument() {
        assertEquals("unexpected argument '8080' (options start with --; try --help)", error("8080"));
    }

    @Test
    void missingValue() {
        assertEquals("option --port needs a value", error("--port"));
        assertEquals("option --root needs a value", error("--root", "--port", "80"));
        assertEquals("option --bind needs a value", error("--bind="));
        assertEquals("option --data needs a value", error("--data", ""));
    }

    @ParameterizedTest
    @CsvSource({ "--port, abc", "--port, -1", "--port, 80.5", "--port, +80", "--admin-port, 0x50" })
    void nonNumericPort(String flag, String value) {
        assertEquals(flag + ": '" + value + "' is not a port number (0-65535)", error(flag, value));
    }

    @ParameterizedTest
    @ValueSource(strings = { "65536", "99999", "123456", "99999999999999999999" })
    void portOutOfRange(String value) {
        assertEquals("--admin-port: port " + value + " is out of range (0-65535)", error("--admin-port=" + value));
    }

    @Test
    void badPortInEnvironmentNamesTheVariable() {
        assertEquals("REBOUND_PORT: 'http' is not a port number (0-65535)", error(Map.of("REBOUND_PORT", "http")));
        assertEquals("REBOUND_ADMIN_PORT: port 70000 is out of range (0-65535)",
                error(Map.of("REBOUND_ADMIN_PORT", "70000")));
    }

    @Test
    void badBoolean() {
        assertEquals("REBOUND_FAULTS: 'yes' is not a boolean (use true, false, 1 or 0)",
                error(Map.of("REBOUND_FAULTS", "yes")));
        assertEquals("--shell: 'on' is not a boolean (use true, false, 1 or 0)", error("--shell=on"));
        assertEquals("--faults: '' is not a boolean (use true, false, 1 or 0)", error("--faults="));
    }

    @Test
    void helpTakesNoValue() {
        assertEquals("option --help takes no value", error("--help=true"));
    }

    @Test
    void flagsDoNotConsumeTheNextArgument() {
        assertEquals("unexpected argument 'true' (options start with --; try --help)", error("--faults", "true"));
    }

    @Test
    void duplicateOption() {
        assertEquals("option --port given twice", error("--port", "1", "--port=2"));
        assertEquals("option --faults given twice", error("--faults", "--faults"));
        assertEquals("option --help given twice", error("--help", "-h"));
    }

    @Test
    void invalidPath() {
        assertEquals("--root: 'a\0b' is not a valid path (Nul character not allowed)", error("--root", "a\0b"));
    }

    @Test
    void adminKeystoreAndPasswordFromFlagsOrEnvironment() throws OptionsException {
        Options none = parse();
        assertEquals(null, none.adminKeystore());
        assertEquals(null, none.adminKeystorePassword());
        Options flags = parse("--admin-keystore", "/etc/rebound/admin.p12", "--admin-keystore-password", "pw");
        assertEquals(Path.of("/etc/rebound/admin.p12"), flags.adminKeystore());
        assertEquals("pw", flags.adminKeystorePassword());
        Options env = Options.parse(new String[0], Map.of("REBOUND_ADMIN_KEYSTORE", "k.p12",
                "REBOUND_ADMIN_KEYSTORE_PASSWORD", "from-env"));
        assertEquals(Path.of("k.p12"), env.adminKeystore());
        assertEquals("from-env", env.adminKeystorePassword());
        assertEquals("REBOUND_ADMIN_KEYSTORE", env.origin(Option.ADMIN_KEYSTORE));
        assertEquals("option --admin-keystore needs a value", error("--admin-keystore"));
    }
}
