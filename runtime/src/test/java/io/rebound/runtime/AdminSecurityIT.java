package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The admin channel's security as a user meets it: loopback by default, TLS to leave it, audit lines, no secrets. */
class AdminSecurityIT {

    private static final Duration EXIT = Duration.ofSeconds(40);
    private static final String PASSWORD = "keystore-secret-4711";

    @RegisterExtension
    final ReboundProcesses processes = new ReboundProcesses();

    @TempDir
    Path tmp;

    @Test
    void nonLoopbackAdminBindWithoutKeystoreIsRefusedWithExitCode2() throws Exception {
        ReboundProcesses.Child flag = processes.start(tmp, Map.of(), "--port", "0", "--admin-port", "0",
                "--admin-bind", "0.0.0.0");
        assertEquals(2, flag.awaitExit(EXIT));
        assertEquals(List.of("rebound: --admin-bind: 0.0.0.0 is not a loopback address; the admin API leaves "
                + "loopback only over TLS: give --admin-keystore FILE (PKCS12)"), flag.stderrLines());
        assertTrue(Files.notExists(tmp.resolve("rebound-data")), "refused before anything is created");

        ReboundProcesses.Child env = processes.start(tmp, Map.of("REBOUND_ADMIN_BIND", "0.0.0.0"), "--port", "0",
                "--admin-port", "0");
        assertEquals(2, env.awaitExit(EXIT));
        assertTrue(env.stderrLines().get(0).startsWith("rebound: REBOUND_ADMIN_BIND: 0.0.0.0 is not a loopback"),
                env.stderrLines().toString());
    }

    @Test
    void unusableKeystoreIsOneLineAndExitCode2WithoutThePassword() throws Exception {
        Path keystore = keystore();
        ReboundProcesses.Child wrong = processes.start(tmp, Map.of("REBOUND_ADMIN_KEYSTORE_PASSWORD", "not-it"),
                "--port", "0", "--admin-port", "0", "--admin-keystore", keystore.toString());
        assertEquals(2, wrong.awaitExit(EXIT));
        assertEquals(1, wrong.stderrLines().size(), wrong.stderrLines().toString());
        assertTrue(wrong.stderrLines().get(0).startsWith("rebound: --admin-keystore: cannot open PKCS12 keystore"),
                wrong.stderrLines().get(0));
        assertFalse(wrong.stderr().contains("not-it"));

        ReboundProcesses.Child missing = processes.start(tmp, Map.of(), "--port", "0", "--admin-port", "0",
                "--admin-keystore", tmp.resolve("missing.p12").toString());
        assertEquals(2, missing.awaitExit(EXIT));
        assertEquals(List.of("rebound: --admin-keystore: '" + tmp.resolve("missing.p12") + "' is not a readable file"),
                missing.stderrLines());
    }

    @Test
    void withAKeystoreTheAdminApiServesTlsOnAnyAddressAndAuditsWithoutSecrets() throws Exception {
        Path keystore = keystore();
        ReadyServer server = ReadyServer.start(processes, tmp, Map.of("REBOUND_ADMIN_KEYSTORE_PASSWORD", PASSWORD),
                "--admin-bind", "0.0.0.0", "--admin-keystore", keystore.toString());
        assertTrue(server.admin().startsWith("https://"), "the ready line names the admin URL as https: "
                + server.admin());
        int adminPort = URI.create(server.admin()).getPort();
        String token = server.token();
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(server.data().resolve("admin.token"))));

        SSLContext tls = trusting(keystore);
        assertEquals(401, status(tls, adminPort, null));
        assertEquals(401, status(tls, adminPort, "0".repeat(64)));
        assertEquals(200, status(tls, adminPort, token));

        // Cleartext to the TLS port gets no HTTP answer.
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), adminPort)) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write(("GET /components HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(readSome(plain.getInputStream()), StandardCharsets.ISO_8859_1);
            assertFalse(answer.startsWith("HTTP/"), "a plain HTTP answer on the TLS admin port: " + answer);
        }

        Path log = server.data().resolve("logs/rebound.log");
        String audit = awaitLog(log, "result=200");
        assertTrue(audit.contains("admin audit source=127.0.0.1 tls action=\"GET /components\" result=401"), audit);
        assertTrue(audit.contains("admin audit source=127.0.0.1 tls action=\"GET /components\" result=200"), audit);
        for (String secret : new String[] { token, PASSWORD }) {
            assertFalse(audit.contains(secret), "a secret in rebound.log");
            assertFalse(server.child().stderr().contains(secret), "a secret on stderr");
        }
    }

    @Test
    void plainAdminOnLoopbackLocksOutAnAddressThatKeepsGuessing() throws Exception {
        ReadyServer server = ReadyServer.start(processes, tmp, Map.of());
        int adminPort = URI.create(server.admin()).getPort();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, plainStatus(adminPort, "guess-" + i).status, "guess " + i);
        }
        Answer locked = plainStatus(adminPort, server.token());
        assertEquals(429, locked.status, "locked out, right token or not: " + locked.text);
        Matcher retryAfter = Pattern.compile("\r\nRetry-After: (\\d+)\r\n").matcher(locked.text);
        assertTrue(retryAfter.find(), locked.text);
        assertTrue(Integer.parseInt(retryAfter.group(1)) >= 1);
    }

    // ---- helpers ----

    private Path keystore() throws IOException, InterruptedException {
        Path keystore = tmp.resolve("admin.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "admin", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
        return keystore;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static int status(SSLContext tls, int port, String token) throws IOException {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                port)) {
            return exchange(socket, token).status;
        }
    }

    private record Answer(int status, String text) {
    }

    private static Answer plainStatus(int port, String token) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return exchange(socket, token);
        }
    }

    private static Answer exchange(Socket socket, String token) throws IOException {
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(("GET /components HTTP/1.1\r\nHost: admin\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("HTTP/1.1 "), text);
        return new Answer(Integer.parseInt(text.substring(9, 12)), text);
    }

    private static byte[] readSome(InputStream in) {
        try {
            return in.readNBytes(64);
        } catch (IOException e) {
            return new byte[0]; // the TLS side closing on us is the expected outcome
        }
    }

    private static String awaitLog(Path log, String part) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (text.contains(part) || System.nanoTime() > deadline) {
                return text;
            }
            Thread.sleep(50);
        }
    }
}
