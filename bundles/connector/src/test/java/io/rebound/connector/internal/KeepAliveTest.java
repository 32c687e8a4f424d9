package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Persistent connections: reuse, pipelining, and the cases that must end the connection. */
class KeepAliveTest {

    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);

    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(settings(), new Routes().on("/t", Routes.target()).on("/hello",
                Routes.text("hello")));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void hundredSequentialRequestsShareOneConnection() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            for (int i = 0; i < 100; i++) {
                RawResponse r = client.get("/t?i=" + i);
                assertEquals(200, r.status());
                assertEquals("/t?i=" + i, r.bodyText());
                assertFalse(r.closes(), r::toString);
            }
            assertEquals(1, server.connector().openConnections());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /t?n=1 HTTP/1.1\r\nHost: test\r\n\r\n"
                    + "GET /t?n=2 HTTP/1.1\r\nHost: test\r\n\r\n"
                    + "GET /t?n=3 HTTP/1.1\r\nHost: test\r\n\r\n");
            for (int n = 1; n <= 3; n++) {
                RawResponse r = client.read();
                assertEquals(200, r.status());
                assertEquals("/t?n=" + n, r.bodyText());
            }
            // And the connection is still in a clean state afterwards.
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void pipelinedRequestEndingWithCloseIsTheLastOneServed() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /t?n=1 HTTP/1.1\r\nHost: test\r\n\r\n"
                    + "GET /t?n=2 HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
                    + "GET /t?n=3 HTTP/1.1\r\nHost: test\r\n\r\n");
            assertEquals("/t?n=1", client.read().bodyText());
            RawResponse last = client.read();
            assertEquals("/t?n=2", last.bodyText());
            assertTrue(last.closes(), last::toString);
            assertTrue(client.closedWithin(CLOSE_WITHIN), "connection still open after Connection: close");
        }
    }

    @Test
    void connectionCloseEndsTheConnectionAfterTheResponse() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /hello HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
            RawResponse r = client.read();

            assertEquals("hello", r.bodyText());
            assertTrue(r.closes(), r::toString);
            assertTrue(client.closedWithin(CLOSE_WITHIN), "connection still open after Connection: close");
        }
        Await.until(CLOSE_WITHIN, () -> server.connector().openConnections() == 0, "connection forgotten");
    }

    @Test
    void http10WithoutKeepAliveIsClosed() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /hello HTTP/1.0\r\n\r\n");
            RawResponse r = client.read();

            assertEquals("hello", r.bodyText());
            assertEquals(RawResponse.Framing.LENGTH, r.framing());
            assertTrue(r.closes(), r::toString);
            assertTrue(client.closedWithin(CLOSE_WITHIN), "HTTP/1.0 connection still open");
        }
    }

    @Test
    void http10WithKeepAliveStaysOpen() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            for (int i = 0; i < 3; i++) {
                client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                RawResponse r = client.read();
                assertEquals("hello", r.bodyText());
                assertEquals("keep-alive", r.header("Connection"));
            }
        }
    }
}
