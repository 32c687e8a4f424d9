package io.rebound.recovery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin channel over real sockets: authentication, lock-out, audit lines, TLS. */
class AdminHttpServerTest {

    private static final String TOKEN = "0123456789abcdef-secret";

    @TempDir
    Path tmp;

    private ServerSocketChannel channel;
    private AdminHttpServer server;
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record.getLoggerName() + ": " + record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() throws IOException {
        channel = ServerSocketChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel.configureBlocking(false);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        channel.close();
        Logger.getLogger("").removeHandler(capture);
    }

    private void start(AdminTls tls) throws IOException {
        // No supervisor: the requests here never reach a route that needs one (unknown paths answer 404).
        server = new AdminHttpServer(channel, AdminToken.of(TOKEN), new AdminApi(null, false, new OperatorRestarts()),
                tls);
    }

    private String request(Socket socket, String token) throws IOException {
        try (socket) {
            socket.setSoTimeout(10_000);
            String head = "GET /nothing-here HTTP/1.1\r\nHost: admin\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String plain(String token) throws IOException {
        return request(new Socket(InetAddress.getLoopbackAddress(), channel.socket().getLocalPort()), token);
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    @Test
    void missingOrWrongTokenIs401AndTheRightOneGetsThrough() throws Exception {
        start(null);
        String none = plain(null);
        assertEquals(401, status(none), none);
        assertTrue(none.contains("WWW-Authenticate: Bearer"), none);
        assertEquals(401, status(plain("wrong")));
        assertEquals(404, status(plain(TOKEN)));
    }

    @Test
    void repeatedFailuresLockTheAddressOutWithRetryAfterEvenForTheRightToken() throws Exception {
        start(null);
        for (int i = 0; i < AuthThrottle.FREE_FAILURES; i++) {
            assertEquals(401, status(plain("guess-" + i)), "failure " + (i + 1));
        }
        String locked = plain("guess-again");
        assertEquals(429, status(locked), locked);
        assertTrue(locked.contains("Retry-After: 1\r\n"), locked);
        assertEquals(429, status(plain(TOKEN)), "locked out: the token is not even looked at");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int answer;
        while ((answer = status(plain(TOKEN))) == 429 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100); // polling the condition, not waiting for a guessed time
        }
        assertEquals(404, answer, "the right token works once the lock-out has passed");
    }

    @Test
    void everyRequestLeavesOneAuditLineAndTheTokenIsNeverLogged() throws Exception {
        start(null);
        plain(null);
        plain(TOKEN);
        List<String> audit;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            synchronized (logged) {
                audit = logged.stream().filter(l -> l.startsWith(AdminAudit.LOGGER + ": ")).toList();
            }
            if (audit.size() >= 2 || System.nanoTime() > deadline) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertEquals(2, audit.size(), audit.toString());
        assertTrue(audit.get(0).contains("source=127.0.0.1 action=\"GET /nothing-here\" result=401"), audit.get(0));
        assertTrue(audit.get(1).contains("result=404"), audit.get(1));
        synchronized (logged) {
            assertFalse(logged.stream().anyMatch(l -> l.contains(TOKEN)), logged.toString());
        }
    }

    @Test
    void withAKeystoreItSpeaksTlsOnly() throws Exception {
        Path keystore = tmp.resolve("admin.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "admin", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);

        assertThrows(IllegalArgumentException.class, () -> AdminTls.load(keystore, "wrong-password"));
        start(AdminTls.load(keystore, "changeit"));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trustManagers.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                channel.socket().getLocalPort());
        String answer = request(socket, TOKEN);
        assertEquals(404, status(answer), answer);
        assertNotNull(socket.getSession().getProtocol());

        String cleartext = plain(TOKEN);
        assertFalse(cleartext.startsWith("HTTP/1.1"), "no plain HTTP answer on a TLS port: " + cleartext);
    }
}
