package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request bodies: both framings, malformed and oversized ones, and bodies a handler leaves unread. */
class RequestBodyTest {

    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);
    private static final int MAX_BODY = 1024;

    private final AtomicInteger guardedCalls = new AtomicInteger();
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        Routes routes = new Routes()
                .on("/echo", Routes.echo())
                .on("/hello", Routes.text("hello"))
                .on("/deny", (request, response) -> response.send(401, "text/plain", "denied".getBytes()))
                .on("/guarded", (request, response) -> {
                    guardedCalls.incrementAndGet();
                    response.send(200, "text/plain", new byte[0]);
                });
        server = TestServer.start(settings().maxBodyBytes(MAX_BODY).bodyMillis(2_000), routes);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void contentLengthBodyIsEchoed() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 11\r\n\r\n");
            client.send("hello ");
            client.send("world");
            RawResponse r = client.read();

            assertEquals(200, r.status());
            assertEquals("hello world", r.bodyText());
            assertFalse(r.closes(), r::toString);
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailersIsEchoed() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;name=value\r\nhello\r\n"
                    + "7 ; quoted=\"a b\";flag\r\n, world\r\n"
                    + "A\r\n0123456789\r\n"
                    + "0;last\r\nX-Checksum: abc\r\nX-Other: def\r\n\r\n");
            RawResponse r = client.read();

            assertEquals(200, r.status());
            assertEquals("hello, world0123456789", r.bodyText());
            assertFalse(r.closes(), r::toString);
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void chunkedBodyArrivingByteByByteIsEchoed() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (byte b : "3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: v\r\n\r\n".getBytes()) {
                client.send(new byte[] { b });
            }
            RawResponse r = client.read();
            assertEquals("abcde", r.bodyText());
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void malformedChunkSizeIsBadRequestAndCloses() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "zz\r\nhello\r\n0\r\n\r\n");
            RawResponse r = client.read();

            assertEquals(400, r.status());
            assertTrue(r.closes(), r::toString);
            assertTrue(client.closedWithin(CLOSE_WITHIN), "connection open after a malformed chunk");
        }
    }

    @Test
    void chunkSizeWithSignIsBadRequest() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "+5\r\nhello\r\n0\r\n\r\n");
            assertEquals(400, client.read().status());
            assertTrue(client.closedWithin(CLOSE_WITHIN));
        }
    }

    @Test
    void bodyOverTheLimitIs413WithoutCallingTheHandler() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /guarded HTTP/1.1\r\nHost: test\r\nContent-Length: " + (4 * MAX_BODY) + "\r\n\r\n");
            client.send(new byte[4 * MAX_BODY]);
            RawResponse r = client.read();

            assertEquals(413, r.status());
            assertTrue(r.closes(), r::toString);
            assertTrue(client.closedWithin(CLOSE_WITHIN), "connection open after 413");
        }
        assertEquals(0, guardedCalls.get(), "the handler saw a request over the body limit");
        Await.until(CLOSE_WITHIN, () -> server.accessRecords.stream().anyMatch(a -> a.status() == 413),
                "413 in the access log");
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(2 * MAX_BODY) + "\r\n");
            client.send(new byte[2 * MAX_BODY]);
            client.send("\r\n0\r\n\r\n");
            RawResponse r = client.read();

            assertEquals(413, r.status());
            assertTrue(client.closedWithin(CLOSE_WITHIN), "connection open after 413");
        }
    }

    @Test
    void unreadSmallBodyLeavesTheConnectionReusable() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /hello HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\n0123456789");
            RawResponse first = client.read();
            assertEquals("hello", first.bodyText());
            assertFalse(first.closes(), first::toString);

            client.send("POST /hello HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4\r\nabcd\r\n0\r\n\r\n");
            RawResponse second = client.read();
            assertEquals("hello", second.bodyText());
            assertFalse(second.closes(), second::toString);

            // The unread bodies were skipped, not taken for the next request head.
            RawResponse third = client.get("/hello");
            assertEquals(200, third.status());
            assertEquals("hello", third.bodyText());
        }
    }

    @Test
    void unreadLargeBodyStillLetsTheClientFinishSendingAndReadTheAnswer() throws Exception {
        try (TestServer big = TestServer.start(settings().maxBodyBytes(64L << 20), new Routes().on("/deny",
                (request, response) -> response.send(401, "text/plain", "denied".getBytes())));
                RawClient client = RawClient.connect(big.port())) {
            int length = 4 * 1024 * 1024;
            client.send("POST /deny HTTP/1.1\r\nHost: test\r\nContent-Length: " + length + "\r\n\r\n");
            // The client keeps sending its body while the answer comes, as a real uploader does.
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    client.send(new byte[length]);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            RawResponse r = client.read();
            assertEquals(401, r.status());
            assertEquals("denied", r.bodyText());
            assertTrue(r.closes(), r::toString);
            // More than the connector drains for reuse: it closes, but without resetting a client mid-upload.
            upload.get(10, TimeUnit.SECONDS);
            assertTrue(client.closedWithin(CLOSE_WITHIN));
        }
    }

    @Test
    void clientWritingTheWholeOversizedBodyBeforeReadingStillGets413() throws IOException {
        // Many clients (no Expect header) write the whole request before they read: the 413 must survive that.
        try (RawClient client = RawClient.connect(server.port())) {
            int length = 2 * 1024 * 1024;
            client.send("POST /guarded HTTP/1.1\r\nHost: test\r\nContent-Length: " + length + "\r\n\r\n");
            client.send(new byte[length]);
            RawResponse r = client.read();
            assertEquals(413, r.status());
            assertTrue(client.closedWithin(CLOSE_WITHIN));
        }
        assertEquals(0, guardedCalls.get());
    }

    @Test
    void stalledBodyIsRequestTimeout() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nabc");
            long started = System.nanoTime();
            RawResponse r = client.read();

            assertEquals(408, r.status());
            assertTrue(System.nanoTime() - started >= Duration.ofMillis(1_500).toNanos(), "408 came too early");
            assertTrue(client.closedWithin(CLOSE_WITHIN));
        }
    }

    @Test
    void largeBodyFromJavaHttpClientIsEchoed() throws Exception {
        try (TestServer big = TestServer.start(settings(), new Routes().on("/echo", Routes.echo()))) {
            byte[] body = new byte[300_000];
            new Random(42).nextBytes(body);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + big.port() + "/echo")).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            assertArrayEquals(body, r.body());
        }
    }
}
