package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import io.rebound.http.spi.AccessRecord;
import io.rebound.http.spi.ParseResult;
import io.rebound.http.spi.RequestParser;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector's neighbours come and go (each is its own rebootable bundle) or misbehave: the connector answers
 * for them and keeps serving.
 */
class BackendsTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final Duration HOLD = Duration.ofMillis(300);

    private TestServer server;
    private Routes routes;

    @BeforeEach
    void start() throws IOException {
        routes = new Routes()
                .on("/hello", Routes.text("hello"))
                .on("/echo", Routes.echo())
                .on("/boom", (request, response) -> {
                    throw new IllegalStateException("dispatcher bug");
                });
        server = TestServer.start(settings().holdMillis(HOLD.toMillis()), routes);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void requestArrivingWhileTheParserRebootsIsHeldAndServedByTheNewOne() throws IOException {
        RequestParser parser = server.connector().parser.get();
        server.connector().unbindParser(parser);
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n");
            // The request is now held; the "rebooted" parser arrives within the hold time.
            Await.until(WITHIN, () -> server.connector().openConnections() == 1, () -> "no connection");
            server.connector().bindParser(parser);
            RawResponse r = client.read();
            assertEquals(200, r.status(), r::toString);
            assertEquals("hello", r.bodyText());
        }
    }

    @Test
    void noParserWithinTheHoldIsServiceUnavailable() throws IOException {
        server.connector().unbindParser(server.connector().parser.get());
        long start = System.nanoTime();
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n");
            RawResponse r = client.read();
            assertEquals(503, r.status());
            assertNotNull(r.header("Retry-After"), r::toString);
            assertNotNull(r.header("Date"), r::toString);
            assertTrue(r.closes(), r::toString);
            assertTrue(client.closedWithin(WITHIN));
        }
        assertTrue(System.nanoTime() - start >= HOLD.toNanos(), "answered before the hold time was over");
    }

    @Test
    void requestArrivingWhileTheRouterRebootsIsHeldAndServed() throws IOException {
        server.connector().unbindDispatcher(routes);
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n");
            Await.until(WITHIN, () -> server.connector().openConnections() == 1, () -> "no connection");
            server.connector().bindDispatcher(routes);
            assertEquals("hello", client.read().bodyText());
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void noRouterWithinTheHoldIsServiceUnavailableAndTheConnectionServesOnLater() throws IOException {
        server.connector().unbindDispatcher(routes);
        try (RawClient client = RawClient.connect(server.port())) {
            RawResponse r = client.get("/hello");
            assertEquals(503, r.status());
            assertNotNull(r.header("Retry-After"), r::toString);
            server.connector().bindDispatcher(routes);
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void missingRouterDoesNotStrandAnUnreadBody() throws IOException {
        server.connector().unbindDispatcher(routes);
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\n\r\nabcd");
            assertEquals(503, client.read().status());
            server.connector().bindDispatcher(routes);
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void idempotentRequestFailedByACrashedRouterIsRetriedOnItsReplacement() throws IOException {
        Routes crashing = new Routes().on("/hello", (request, response) -> {
            // The crashed router is replaced while it fails, as the supervisor would do.
            server.connector().bindDispatcher(routes);
            throw new IllegalStateException("router crashed");
        });
        server.connector().bindDispatcher(crashing);
        try (RawClient client = RawClient.connect(server.port())) {
            RawResponse r = client.get("/hello");
            assertEquals(200, r.status(), r::toString);
            assertEquals("hello", r.bodyText());
            assertFalse(r.closes(), r::toString);
        }
    }

    @Test
    void nonIdempotentRequestFailedByACrashedRouterGets503NotADuplicate() throws IOException {
        int[] calls = new int[1];
        Routes crashing = new Routes().on("/echo", (request, response) -> {
            calls[0]++;
            server.connector().bindDispatcher(routes);
            throw new IllegalStateException("router crashed");
        });
        server.connector().bindDispatcher(crashing);
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc");
            RawResponse r = client.read();
            assertEquals(503, r.status(), r::toString);
            assertNotNull(r.header("Retry-After"), r::toString);
        }
        assertEquals(1, calls[0], "a POST must never run twice");
    }

    @Test
    void routerThatKeepsFailingGets503AfterOneRetry() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            RawResponse r = client.get("/boom");
            assertEquals(503, r.status());
            assertNotNull(r.header("Retry-After"), r::toString);
            // The connection itself is fine: it serves the next request.
            assertEquals("hello", client.get("/hello").bodyText());
        }
        try (RawClient client = RawClient.connect(server.port())) {
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void crashedParserIsReplacedAndTheRequestParsedAgain() throws IOException {
        RequestParser good = server.connector().parser.get();
        RequestParser crashing = new RequestParser() {
            @Override
            public ParseResult parse(ByteBuffer input) {
                server.connector().bindParser(good);
                throw new IllegalStateException("parser bug");
            }

            @Override
            public int maxHeadLength() {
                return 16_384;
            }
        };
        server.connector().bindParser(crashing);
        try (RawClient client = RawClient.connect(server.port())) {
            RawResponse r = client.get("/hello");
            assertEquals(200, r.status(), r::toString);
            assertEquals("hello", r.bodyText());
        }
    }

    @Test
    void parserThatKeepsFailingIsServiceUnavailableAndTheWorkerServesOn() throws IOException {
        RequestParser good = server.connector().parser.get();
        assertParserFailureAnswered(new RequestParser() {
            @Override
            public ParseResult parse(ByteBuffer input) {
                throw new IllegalStateException("parser bug");
            }

            @Override
            public int maxHeadLength() {
                return 16_384;
            }
        });
        // What a stale parser of a refreshed bundle throws: an Error, not an exception.
        assertParserFailureAnswered(new RequestParser() {
            @Override
            public ParseResult parse(ByteBuffer input) {
                throw new NoClassDefFoundError("io/rebound/parser/internal/Gone");
            }

            @Override
            public int maxHeadLength() {
                return 16_384;
            }
        });
        server.connector().bindParser(good);
        try (RawClient client = RawClient.connect(server.port())) {
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    private void assertParserFailureAnswered(RequestParser broken) throws IOException {
        server.connector().bindParser(broken);
        try (RawClient client = RawClient.connect(server.port())) {
            RawResponse r = client.get("/hello");
            assertEquals(503, r.status());
            assertTrue(r.closes(), r::toString);
            assertTrue(client.closedWithin(WITHIN));
        }
    }

    @Test
    void routerFailingWithAnErrorIsAnsweredAndCounted() throws IOException {
        server.connector().bindDispatcher((request, response) -> {
            throw new NoClassDefFoundError("io/rebound/router/internal/Gone");
        });
        for (int i = 0; i < 3; i++) {
            try (RawClient client = RawClient.connect(server.port())) {
                RawResponse r = client.get("/hello");
                assertEquals(503, r.status());
            }
        }
        Await.until(WITHIN, () -> server.accessRecords.stream().filter(a -> a.status() == 503).count() == 3,
                () -> "records: " + server.accessRecords);
    }

    @Test
    void failingAccessLogDoesNotDisturbServing() throws IOException {
        server.connector().accessLogs = List.of(record -> {
            throw new IllegalStateException("access log broken");
        });
        try (RawClient client = RawClient.connect(server.port())) {
            for (int i = 0; i < 3; i++) {
                RawResponse r = client.get("/hello");
                assertEquals("hello", r.bodyText());
                assertFalse(r.closes(), r::toString);
            }
        }
    }

    @Test
    void parserRejectionIsAnsweredWithItsStatusAndCloses() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET / HTTP/1,1\r\nHost: test\r\n\r\n");
            RawResponse r = client.read();
            assertEquals(400, r.status());
            assertTrue(r.closes(), r::toString);
            assertTrue(client.closedWithin(WITHIN));
        }
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET / HTTP/9.9\r\nHost: test\r\n\r\n");
            assertEquals(505, client.read().status());
            assertTrue(client.closedWithin(WITHIN));
        }
        try (RawClient client = RawClient.connect(server.port())) {
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void rejectionAfterAGoodRequestOnTheSameConnection() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            assertEquals("hello", client.get("/hello").bodyText());
            client.send("GET /hello HTTP/1.1\r\n\r\n"); // no Host
            assertEquals(400, client.read().status());
            assertTrue(client.closedWithin(WITHIN));
        }
    }

    @Test
    void oversizedHeadIsRejected() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /hello HTTP/1.1\r\nHost: test\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
            RawResponse r = client.read();
            assertEquals(431, r.status());
            assertTrue(client.closedWithin(WITHIN));
        }
    }

    @Test
    void headLargerThanTheFirstBufferIsAccepted() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            String value = "b".repeat(12_000);
            client.send("GET /hello HTTP/1.1\r\nHost: test\r\nX-Big: " + value + "\r\n\r\n");
            assertEquals("hello", client.read().bodyText());
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void everyResponseIsLoggedOnce() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.get("/hello");
            client.send("HEAD /hello HTTP/1.1\r\nHost: test\r\nUser-Agent: probe/1\r\nReferer: http://r/\r\n\r\n");
            client.read(true);
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc");
            client.read();
            client.get("/missing");
        }
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("BAD\r\n\r\n");
            client.read();
        }
        Await.until(WITHIN, () -> server.accessRecords.size() >= 5, () -> "records: " + server.accessRecords);
        List<AccessRecord> log = List.copyOf(server.accessRecords);
        assertEquals(5, log.size(), log::toString);

        assertRecord(log.get(0), "GET", "/hello", 200, 5);
        assertRecord(log.get(1), "HEAD", "/hello", 200, 0);
        assertEquals("probe/1", log.get(1).userAgent());
        assertEquals("http://r/", log.get(1).referer());
        assertRecord(log.get(2), "POST", "/echo", 200, 3);
        assertRecord(log.get(3), "GET", "/missing", 404, "no route\n".length());
        AccessRecord rejected = log.get(4);
        assertNull(rejected.method());
        assertNull(rejected.target());
        assertEquals(400, rejected.status());
        for (AccessRecord r : log) {
            assertEquals("127.0.0.1", r.remoteHost());
            assertTrue(r.durationMicros() >= 0, r::toString);
            assertTrue(Math.abs(System.currentTimeMillis() - r.epochMillis()) < 60_000, r::toString);
        }
    }

    private static void assertRecord(AccessRecord r, String method, String target, int status, long bytes) {
        assertEquals(method, r.method(), r::toString);
        assertEquals(target, r.target(), r::toString);
        assertEquals("HTTP/1.1", r.version(), r::toString);
        assertEquals(status, r.status(), r::toString);
        assertEquals(bytes, r.bytes(), r::toString);
        assertFalse(r.durationMicros() < 0, r::toString);
    }
}
