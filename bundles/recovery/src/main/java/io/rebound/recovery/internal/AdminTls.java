package io.rebound.recovery.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS for the admin channel, from a PKCS12 keystore holding the server's key and certificate chain. Accepted plain
 * sockets are wrapped in a server-mode {@link SSLSocket} layered over them, so the admin server keeps accepting
 * through its selector exactly as without TLS.
 */
final class AdminTls {

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLSocketFactory factory;

    private AdminTls(SSLSocketFactory factory) {
        this.factory = factory;
    }

    /**
     * @param keystore a PKCS12 file
     * @param password its password ({@code null} or empty for none)
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no usable key
     */
    static AdminTls load(Path keystore, String password) {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new AdminTls(context.getSocketFactory());
        } catch (IOException | GeneralSecurityException e) {
            // Never the password: only what is wrong with the file.
            throw new IllegalArgumentException("admin keystore " + keystore + " is unusable: "
                    + CallWatchdog.oneLine(e), e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** Layers server-side TLS over an accepted socket; the handshake happens at the first read. */
    SSLSocket wrap(Socket accepted) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket(accepted,
                accepted.getInetAddress().getHostAddress(), accepted.getPort(), true);
        socket.setUseClientMode(false);
        List<String> enabled = new ArrayList<>(PROTOCOLS);
        enabled.retainAll(Arrays.asList(socket.getSupportedProtocols()));
        socket.setEnabledProtocols(enabled.toArray(new String[0]));
        return socket;
    }
}
