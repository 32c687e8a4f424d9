package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the connector frames responses: declared length, chunked, close-delimited, and bodies it must not send. */
class ResponseFramingTest {

    private static final String BIG = "x".repeat(20_000);

    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        Routes routes = new Routes()
                .on("/hello", Routes.text("hello"))
                .on("/stream", Routes.streamed("first,", "second,", BIG))
                .on("/no-content", (request, response) -> {
                    response.status(204);
                    OutputStream out = response.body();
                    out.write("must not be sent".getBytes(StandardCharsets.UTF_8));
                })
                .on("/not-modified", (request, response) -> {
                    response.status(304);
                    response.header("ETag", "\"v1\"");
                    response.contentLength(10);
                });
        server = TestServer.start(settings(), routes);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void getIsAnsweredWithContentLength() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            RawResponse r = client.get("/hello");

            assertEquals("HTTP/1.1 200 OK", r.statusLine());
            assertEquals(RawResponse.Framing.LENGTH, r.framing());
            assertEquals("5", r.header("Content-Length"));
            assertEquals("hello", r.bodyText());
            assertEquals("text/plain", r.header("Content-Type"));
            assertNull(r.header("Transfer-Encoding"));
            assertFalse(r.closes(), r::toString);
        }
    }

    @Test
    void headGetsTheHeadersButNoBody() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("HEAD /hello HTTP/1.1\r\nHost: test\r\n\r\n");
            RawResponse head = client.read(true);
            assertEquals(200, head.status());
            assertEquals("5", head.header("Content-Length"));

            // Had any body byte followed the HEAD answer, this status line would not parse.
            RawResponse get = client.get("/hello");
            assertEquals(200, get.status());
            assertEquals("hello", get.bodyText());
        }
    }

    @Test
    void headOfAStreamedBodyHasNoBodyEither() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("HEAD /stream HTTP/1.1\r\nHost: test\r\n\r\n");
            RawResponse head = client.read(true);
            assertEquals(200, head.status());
            assertFalse(head.closes(), head::toString);

            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void bodyWithoutLengthIsChunkedForHttp11() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            RawResponse r = client.get("/stream");

            assertEquals(200, r.status());
            assertEquals(RawResponse.Framing.CHUNKED, r.framing());
            assertNull(r.header("Content-Length"));
            assertEquals("first,second," + BIG, r.bodyText());
            assertFalse(r.closes(), r::toString);
            // The last chunk ended the body: the connection carries the next exchange.
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void bodyWithoutLengthIsCloseDelimitedForHttp10() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /stream HTTP/1.0\r\n\r\n");
            RawResponse r = client.read();

            assertTrue(r.statusLine().matches("HTTP/1\\.[01] 200 OK"), r.statusLine());
            assertEquals(RawResponse.Framing.CLOSE, r.framing());
            assertNull(r.header("Transfer-Encoding"));
            assertNull(r.header("Content-Length"));
            assertTrue(r.closes(), r::toString);
            assertEquals("first,second," + BIG, r.bodyText());
        }
    }

    @Test
    void http10KeepAliveWithUnknownLengthStillClosesTheConnection() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawResponse r = client.read();

            assertTrue(r.closes(), r::toString);
            assertEquals("first,second," + BIG, r.bodyText());
        }
    }

    @Test
    void noContentAndNotModifiedCarryNoBody() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            RawResponse noContent = client.get("/no-content");
            assertEquals(204, noContent.status());
            assertNull(noContent.header("Content-Length"));
            assertNull(noContent.header("Transfer-Encoding"));
            assertFalse(noContent.closes(), noContent::toString);

            RawResponse notModified = client.get("/not-modified");
            assertEquals(304, notModified.status());
            assertEquals("\"v1\"", notModified.header("ETag"));
            assertNull(notModified.header("Transfer-Encoding"));
            assertFalse(notModified.closes(), notModified::toString);

            // No stray body bytes: the next exchange parses cleanly.
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void javaHttpClientReadsBothFramings() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI base = URI.create("http://127.0.0.1:" + server.port());
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> fixed = client.send(HttpRequest.newBuilder(base.resolve("/hello"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, fixed.statusCode());
            assertEquals("hello", fixed.body());

            HttpResponse<byte[]> chunked = client.send(HttpRequest.newBuilder(base.resolve("/stream"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, chunked.statusCode());
            assertArrayEquals(("first,second," + BIG).getBytes(StandardCharsets.UTF_8), chunked.body());
        }
        // The client reused its connection rather than opening one per request.
        assertEquals(1, server.connector().openConnections());
    }
}
