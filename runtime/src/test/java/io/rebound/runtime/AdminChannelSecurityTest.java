package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminChannelSecurityTest {

    @TempDir
    Path tmp;

    private static Options options(Map<String, String> env, String... args) throws OptionsException {
        return Options.parse(args, env);
    }

    @Test
    void loopbackAddressesNeedNoKeystore() {
        for (String address : new String[] { "127.0.0.1", "127.0.0.2", "::1", "localhost" }) {
            assertDoesNotThrow(() -> AdminChannelSecurity.check(options(Map.of(), "--admin-bind", address)),
                    address);
        }
    }

    @Test
    void anyOtherAddressWithoutKeystoreIsAUsageError() throws Exception {
        StartupException e = assertThrows(StartupException.class,
                () -> AdminChannelSecurity.check(options(Map.of(), "--admin-bind", "0.0.0.0")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("--admin-bind: 0.0.0.0 is not a loopback address; the admin API leaves loopback only over TLS: "
                + "give --admin-keystore FILE (PKCS12)", e.getMessage());
        StartupException fromEnv = assertThrows(StartupException.class,
                () -> AdminChannelSecurity.check(options(Map.of("REBOUND_ADMIN_BIND", "::"))));
        assertTrue(fromEnv.getMessage().startsWith("REBOUND_ADMIN_BIND: :: is not a loopback address"),
                fromEnv.getMessage());
    }

    @Test
    void aKeystoreMustBeAReadablePkcs12FileThatOpensWithItsPassword() throws Exception {
        StartupException missing = assertThrows(StartupException.class, () -> AdminChannelSecurity.check(
                options(Map.of(), "--admin-keystore", tmp.resolve("none.p12").toString())));
        assertEquals(ExitCode.USAGE, missing.exitCode());
        assertTrue(missing.getMessage().endsWith("none.p12' is not a readable file"), missing.getMessage());

        Path garbage = Files.writeString(tmp.resolve("garbage.p12"), "not a keystore");
        StartupException unreadable = assertThrows(StartupException.class, () -> AdminChannelSecurity.check(
                options(Map.of("REBOUND_ADMIN_KEYSTORE_PASSWORD", "pw-secret"), "--admin-keystore",
                        garbage.toString(), "--admin-bind", "0.0.0.0")));
        assertTrue(unreadable.getMessage().startsWith("--admin-keystore: cannot open PKCS12 keystore"),
                unreadable.getMessage());
        assertFalse(unreadable.getMessage().contains("pw-secret"));
    }
}
