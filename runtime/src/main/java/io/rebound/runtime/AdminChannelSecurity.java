package io.rebound.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Collections;

/**
 * The launcher's rules for the admin channel, checked before anything starts so that a violation is one line and
 * exit code 2: the admin API (a bearer token in every request) leaves the loopback interface only over TLS, and a
 * keystore given for TLS must open with its password and hold a private key.
 */
final class AdminChannelSecurity {

    private AdminChannelSecurity() {
    }

    static void check(Options options) throws StartupException {
        Path keystore = options.adminKeystore();
        if (keystore == null) {
            if (!loopback(options.adminBind())) {
                throw new StartupException(ExitCode.USAGE, options.origin(Option.ADMIN_BIND) + ": "
                        + options.adminBind() + " is not a loopback address; the admin API leaves loopback only over "
                        + "TLS: give " + Option.ADMIN_KEYSTORE.flag() + " FILE (PKCS12)");
            }
            return;
        }
        String origin = options.origin(Option.ADMIN_KEYSTORE);
        if (!Files.isRegularFile(keystore) || !Files.isReadable(keystore)) {
            throw new StartupException(ExitCode.USAGE, origin + ": '" + keystore + "' is not a readable file");
        }
        String password = options.adminKeystorePassword();
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            boolean hasKey = false;
            for (String alias : Collections.list(store.aliases())) {
                hasKey |= store.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new StartupException(ExitCode.USAGE, origin + ": '" + keystore + "' holds no private key");
            }
        } catch (IOException | GeneralSecurityException e) {
            // The password is never part of the message; a wrong one shows as "keystore password was incorrect".
            throw new StartupException(ExitCode.USAGE, origin + ": cannot open PKCS12 keystore '" + keystore + "': "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            // Launcher.checkAddress reports unknown addresses first; stay strict if called alone.
            return false;
        }
    }
}
