package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Handlers that break the framing they promised: the client must see a truncated response and a closed connection,
 * never a wrong response followed by more traffic on the same connection.
 */
class HandlerMisbehaviourTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);

    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        Routes routes = new Routes()
                .on("/hello", Routes.text("hello"))
                .on("/short", (request, response) -> {
                    response.contentLength(10);
                    response.body().write("12345".getBytes());
                })
                .on("/long", (request, response) -> {
                    response.contentLength(3);
                    response.body().write("12345".getBytes());
                })
                .on("/throws-after-commit", (request, response) -> {
                    OutputStream out = response.body();
                    out.write("partial".getBytes());
                    out.flush();
                    throw new IllegalStateException("handler bug after commit");
                });
        server = TestServer.start(settings(), routes);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void bodyShorterThanDeclaredEndsTheConnection() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /short HTTP/1.1\r\nHost: test\r\n\r\n");
            assertThrows(EOFException.class, client::read, "a 5-byte body for a declared 10 must end in EOF");
        }
        assertNextClientServed();
    }

    @Test
    void bodyLongerThanDeclaredIsRefusedAndTheConnectionEnds() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /long HTTP/1.1\r\nHost: test\r\n\r\n");
            // The over-long write fails in the handler; whatever reaches the client must end in EOF, never in a
            // complete-looking response followed by stray bytes.
            assertThrows(EOFException.class, () -> {
                RawResponse r = client.read();
                assertTrue(client.closedWithin(WITHIN));
                throw new AssertionError("a complete response to an over-long body: " + r);
            });
        }
        assertNextClientServed();
    }

    @Test
    void exceptionAfterCommitTruncatesTheChunkedBodyAndCloses() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /throws-after-commit HTTP/1.1\r\nHost: test\r\n\r\n");
            // The last chunk never comes: a client can tell the body is incomplete.
            assertThrows(EOFException.class, client::read);
        }
        assertNextClientServed();
    }

    private void assertNextClientServed() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            assertEquals("hello", client.get("/hello").bodyText());
        }
    }
}
