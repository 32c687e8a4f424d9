package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed and hostile requests over real sockets, end to end through the real parser: each gets its status, one
 * log line saying why, and a closed connection; and none is reported to the supervisor as a failure of a component
 * (which would reboot it). A bad request is an error of that request only.
 */
class BadInputTest {

    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);
    private static final String POST_CHUNKED =
            "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n";
    // Escaped the way the tables below write CR and LF.
    private static final String POST = "POST /echo HTTP/1.1\\r\\nHost: t\\r\\n";
    private static final String CHUNKED = POST + "Transfer-Encoding: chunked\\r\\n\\r\\n";

    private TestServer server;
    private FailureRecorder supervisor;
    private LogCapture log;

    @BeforeEach
    void start() throws IOException {
        // A long header timeout: every answer below must come from the bytes, never from a timeout.
        server = TestServer.start(settings().headerMillis(10_000).maxBodyBytes(1024 * 1024), new Routes()
                .on("/echo", Routes.echo())
                .on("/hello", Routes.text("hello")));
        supervisor = new FailureRecorder();
        server.connector().supervision = supervisor;
        log = new LogCapture();
    }

    @AfterEach
    void stop() throws IOException {
        log.close();
        server.close();
        assertEquals(List.of(), supervisor.failures, "bad input was reported as a component failure");
        assertEquals(List.of(), log.failures(), "bad input logged an exception");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // framing conflicts and malformed lengths: the request smuggling shapes
        "CL and TE            | " + POST + "Content-Length: 5\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400",
        "duplicate CL         | " + POST + "Content-Length: 5\\r\\nContent-Length: 5\\r\\n\\r\\nhello | 400",
        "CL with sign         | " + POST + "Content-Length: +5\\r\\n\\r\\nhello | 400",
        "CL in hex            | " + POST + "Content-Length: 0x5\\r\\n\\r\\nhello | 400",
        "CL list              | " + POST + "Content-Length: 5, 5\\r\\n\\r\\nhello | 400",
        "CL overflowing       | " + POST + "Content-Length: 99999999999999999999\\r\\n\\r\\n | 400",
        "CL over the limit    | " + POST + "Content-Length: 9223372036854775807\\r\\n\\r\\n | 413",
        "TE not chunked last  | " + POST + "Transfer-Encoding: chunked, identity\\r\\n\\r\\n | 400",
        "TE unknown coding    | " + POST + "Transfer-Encoding: gzip, chunked\\r\\n\\r\\n | 501",
        "TE chunked twice     | " + POST + "Transfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n"
                + " | 400",
        "TE with parameter    | " + POST + "Transfer-Encoding: chunked;x=1\\r\\n\\r\\n | 400",
        "TE in HTTP/1.0       | POST /echo HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400",
        "obs-fold             | GET /hello HTTP/1.1\\r\\nHost: t\\r\\nX-A: 1\\r\\n  2\\r\\n\\r\\n | 400",
        "space before colon   | GET /hello HTTP/1.1\\r\\nHost : t\\r\\n\\r\\n | 400",
        "TE space before colon| " + POST + "Transfer-Encoding : chunked\\r\\n\\r\\n | 400",
        "NUL in a value       | GET /hello HTTP/1.1\\r\\nHost: t\\r\\nX-A: a\\u0000b\\r\\n\\r\\n | 400",
        "obs-text in a name   | GET /hello HTTP/1.1\\r\\nHost: t\\r\\nX-\\u00e9: 1\\r\\n\\r\\n | 400",
        "bare LF line ends    | GET /hello HTTP/1.1\\nHost: t\\n\\n | 400",
        "bare CR              | GET /hello HTTP/1.1\\rHost: t\\r\\n\\r\\n | 400",
        // request lines and targets
        "NUL in target        | GET /hel\\u0000lo HTTP/1.1\\r\\nHost: t\\r\\n\\r\\n | 400",
        "space in target      | GET /he llo HTTP/1.1\\r\\nHost: t\\r\\n\\r\\n | 400",
        "fragment in target   | GET /hello#x HTTP/1.1\\r\\nHost: t\\r\\n\\r\\n | 400",
        "tab separators       | GET\\t/hello\\tHTTP/1.1\\r\\nHost: t\\r\\n\\r\\n | 400",
        "lower-case version   | GET /hello http/1.1\\r\\nHost: t\\r\\n\\r\\n | 400",
        "HTTP/1.2             | GET /hello HTTP/1.2\\r\\nHost: t\\r\\n\\r\\n | 505",
        "HTTP/2 preface       | PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n | 505",
        "no Host              | GET /hello HTTP/1.1\\r\\n\\r\\n | 400",
        "two Hosts            | GET /hello HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n | 400",
        "Host with userinfo   | GET /hello HTTP/1.1\\r\\nHost: user@t\\r\\n\\r\\n | 400",
        "absolute userinfo    | GET http://user@t/hello HTTP/1.1\\r\\nHost: t\\r\\n\\r\\n | 400",
        "asterisk with GET    | GET * HTTP/1.1\\r\\nHost: t\\r\\n\\r\\n | 400",
        "unknown expectation  | " + POST + "Expect: 200-ok\\r\\nContent-Length: 1\\r\\n\\r\\nx | 417",
        // chunked bodies
        "chunk size sign      | " + CHUNKED + "+5\\r\\nhello\\r\\n0\\r\\n\\r\\n | 400",
        "chunk size 0x        | " + CHUNKED + "0x5\\r\\nhello\\r\\n0\\r\\n\\r\\n | 400",
        "chunk size overflow  | " + CHUNKED + "10000000000000000\\r\\nhello\\r\\n0\\r\\n\\r\\n | 400",
        "chunk sizes wrapping | " + CHUNKED + "1\\r\\na\\r\\n7fffffffffffffff\\r\\nhello\\r\\n0\\r\\n\\r\\n | 413",
        "chunk size garbage   | " + CHUNKED + "5 garbage\\r\\nhello\\r\\n0\\r\\n\\r\\n | 400",
        "chunk size trailing  | " + CHUNKED + "5 \\r\\nhello\\r\\n0\\r\\n\\r\\n | 400",
        "chunk line bare LF   | " + CHUNKED + "5\\nhello\\r\\n0\\r\\n\\r\\n | 400",
        "chunk ext bare LF    | " + CHUNKED + "5;a\\nhello\\r\\n0\\r\\n\\r\\n | 400",
        "chunk ext bare CR    | " + CHUNKED + "5;a\\rb\\r\\nhello\\r\\n0\\r\\n\\r\\n | 400",
        "chunk ext NUL        | " + CHUNKED + "5;a=\\u0000\\r\\nhello\\r\\n0\\r\\n\\r\\n | 400",
        "chunk data too long  | " + CHUNKED + "3\\r\\nhello\\r\\n0\\r\\n\\r\\n | 400",
        "chunk no size        | " + CHUNKED + "\\r\\nhello\\r\\n0\\r\\n\\r\\n | 400",
        "trailer folded       | " + CHUNKED + "5\\r\\nhello\\r\\n0\\r\\nX: a\\r\\n b\\r\\n\\r\\n | 400",
        "trailer no colon     | " + CHUNKED + "5\\r\\nhello\\r\\n0\\r\\nX-Trailer\\r\\n\\r\\n | 400",
        "trailer bad name     | " + CHUNKED + "5\\r\\nhello\\r\\n0\\r\\nX Y: 1\\r\\n\\r\\n | 400",
        "trailer empty name   | " + CHUNKED + "5\\r\\nhello\\r\\n0\\r\\n: 1\\r\\n\\r\\n | 400",
        "trailer NUL          | " + CHUNKED + "5\\r\\nhello\\r\\n0\\r\\nX: \\u0000\\r\\n\\r\\n | 400",
    })
    void badRequestIsAnsweredLoggedOnceAndClosed(String name, String raw, int status) throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send(unescape(raw));
            RawResponse r = client.read();
            assertEquals(status, r.status(), name + ": " + r);
            assertTrue(r.closes(), name + ": " + r);
            assertTrue(client.closedWithin(CLOSE_WITHIN), name + ": connection left open");
            assertLoggedOnce(client, name);
        }
    }

    /** A request line that is bad on its own is refused at once: its client may be waiting for an answer. */
    @ParameterizedTest(name = "[{index}] {0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "HTTP/0.9 request   | GET /hello\\r\\n          | 400",
        "HTTP/2 preface     | PRI * HTTP/2.0\\r\\n      | 505",
        "garbage            | \\u0016\\u0003\\u0001 x y\\r\\n | 400",
    })
    void badRequestLineIsRefusedWithoutWaitingForTheHead(String name, String raw, int status) throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            long started = System.nanoTime();
            client.send(unescape(raw));
            RawResponse r = client.read();
            assertEquals(status, r.status(), name + ": " + r);
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), name + ": answered late");
            assertTrue(client.closedWithin(CLOSE_WITHIN), name + ": connection left open");
            assertLoggedOnce(client, name);
        }
    }

    @Test
    void garbagePipelinedAfterAValidRequestIsRefusedAfterItsAnswer() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n\u0000\u0001garbage\r\n\r\n");
            RawResponse first = client.read();
            assertEquals("hello", first.bodyText());
            assertFalse(first.closes(), first::toString);
            RawResponse second = client.read();
            assertEquals(400, second.status(), second::toString);
            assertTrue(client.closedWithin(CLOSE_WITHIN));
            assertLoggedOnce(client, "garbage");
        }
    }

    @Test
    void framingFieldsInTrailersChangeNothing() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            // Trailers are dropped, never merged: this Content-Length cannot frame anything.
            client.send(POST_CHUNKED + "5\r\nhello\r\n0\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n"
                    + "Host: evil\r\n\r\n");
            RawResponse r = client.read();
            assertEquals("hello", r.bodyText());
            assertFalse(r.closes(), r::toString);
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void unusualButValidChunkingIsAccepted() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            // Leading zeros, an extension after whitespace, obs-text in an extension and in a trailer value.
            client.send(POST_CHUNKED + "00000000000000000000005 ;name=\"caf\u00e9\"\r\nhello\r\n"
                    + "0\r\nX-Note: \u00e9t\u00e9\r\n\r\n");
            RawResponse r = client.read();
            assertEquals("hello", r.bodyText());
            assertFalse(r.closes(), r::toString);
        }
    }

    @Test
    void bodySentWithoutWaitingForContinueGetsNoInterimResponse() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            // Many clients send the body after a short wait anyway; an interim 100 would then come after it.
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello");
            RawResponse r = client.read();
            assertEquals(200, r.status(), "the first response must be the final one: " + r);
            assertEquals("hello", r.bodyText());
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void continueIsNeverSentToAnHttp10Client() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            client.send("hello");
            RawResponse r = client.read();
            assertEquals(200, r.status(), r::toString);
            assertEquals("hello", r.bodyText());
        }
    }

    @Test
    void absoluteFormIsServedFromItsOwnPathWhateverTheHost() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET http://elsewhere.example/hello HTTP/1.1\r\nHost: test\r\n\r\n");
            assertEquals("hello", client.read().bodyText());
        }
    }

    @Test
    void headRequestWithABodyKeepsTheConnectionInFrame() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
            RawResponse r = client.read(true);
            assertEquals(200, r.status());
            // The body was skipped, not taken for the next request.
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    /**
     * Valid requests with random damage (bytes flipped, inserted, deleted, repeated), each on its own connection
     * that the client half-closes after sending: whatever the server answers, nothing may fail a component, and
     * the server goes on serving. The seed is fixed, so a failure reproduces.
     */
    @Test
    void damagedRequestsNeverFailAComponent() throws IOException {
        String[] valid = {
            "GET /hello?x=1 HTTP/1.1\r\nHost: test\r\nAccept: */*\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello",
            POST_CHUNKED + "5;ext=1\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
            "GET http://test/hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n",
        };
        byte[] interesting = "\r\n\0 \t:;,=\"0123456789abcdefABCDEF-+/%.\u007f\u00ff".getBytes(
                StandardCharsets.ISO_8859_1);
        Random random = new Random(20_240_611);
        for (int i = 0; i < 300; i++) {
            byte[] request = damage(valid[random.nextInt(valid.length)].getBytes(
                    StandardCharsets.ISO_8859_1), random, interesting);
            try (RawClient client = RawClient.connect(server.port())) {
                client.send(request);
                client.socket().shutdownOutput();
                assertTrue(client.drainUntilClosed(Duration.ofSeconds(5)) >= 0,
                        () -> "connection left open after " + printable(request));
            }
        }
        try (RawClient client = RawClient.connect(server.port())) {
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    private static byte[] damage(byte[] bytes, Random random, byte[] interesting) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes);
        int damages = 1 + random.nextInt(4);
        for (int d = 0; d < damages; d++) {
            byte[] b = out.toByteArray();
            int at = random.nextInt(b.length);
            out.reset();
            switch (random.nextInt(4)) {
                case 0 -> { // replace a byte
                    b[at] = interesting[random.nextInt(interesting.length)];
                    out.writeBytes(b);
                }
                case 1 -> { // insert a byte
                    out.write(b, 0, at);
                    out.write(interesting[random.nextInt(interesting.length)]);
                    out.write(b, at, b.length - at);
                }
                case 2 -> { // delete a byte
                    out.write(b, 0, at);
                    out.write(b, at + 1, b.length - at - 1);
                }
                default -> { // repeat a stretch
                    int length = Math.min(b.length - at, 1 + random.nextInt(16));
                    out.write(b, 0, at + length);
                    out.write(b, at, b.length - at);
                }
            }
        }
        return out.toByteArray();
    }

    private static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02X", c));
        }
        return sb.toString();
    }

    private void assertLoggedOnce(RawClient client, String name) {
        String remote = "127.0.0.1:" + client.socket().getLocalPort();
        Await.until(Duration.ofSeconds(5), () -> !log.lines(Level.INFO, remote).isEmpty(), name + ": no log line");
        List<String> lines = log.lines(Level.INFO, remote);
        assertEquals(1, lines.size(), () -> name + ": " + lines);
    }

    /** Turns the {@code \r}, {@code \n}, {@code \t} and {@code \\uXXXX} escapes of the table into characters. */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append('\\').append(next);
            }
        }
        return out.toString();
    }
}
