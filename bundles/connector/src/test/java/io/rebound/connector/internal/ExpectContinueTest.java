package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Expect: 100-continue}: the interim answer comes only when the body is wanted, and before it is sent. */
class ExpectContinueTest {

    private final AtomicInteger refusals = new AtomicInteger();
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        Routes routes = new Routes()
                .on("/echo", Routes.echo())
                .on("/hello", Routes.text("hello"))
                .on("/refuse", (request, response) -> {
                    refusals.incrementAndGet();
                    response.send(403, "text/plain", "no".getBytes());
                });
        server = TestServer.start(settings().maxBodyBytes(1024), routes);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void continueComesBeforeTheBodyIsSentThenTheFinalResponse() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            // Nothing of the body is on the wire yet: the server must ask for it.
            RawResponse interim = client.read();
            assertEquals("HTTP/1.1 100 Continue", interim.statusLine());
            assertTrue(interim.headers().isEmpty(), interim::toString);

            client.send("hello");
            RawResponse r = client.read();
            assertEquals(200, r.status());
            assertEquals("hello", r.bodyText());
            assertFalse(r.closes(), r::toString);

            assertEquals("hello", client.get("/hello").bodyText());
        }
    }

    @Test
    void noContinueWhenTheHandlerAnswersWithoutReadingTheBody() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /refuse HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            RawResponse r = client.read();

            assertEquals(403, r.status(), "the first answer must be the final one, not 100");
            // The client still holds the body, so the connection's framing is unknown: it must close.
            assertTrue(r.closes(), r::toString);
            assertTrue(client.closedWithin(Duration.ofSeconds(5)));
        }
        assertEquals(1, refusals.get());
    }

    @Test
    void bodyOverTheLimitIsRefusedWithoutContinue() throws IOException {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
            RawResponse r = client.read();

            assertEquals(413, r.status());
            assertTrue(client.closedWithin(Duration.ofSeconds(5)));
        }
    }

    @Test
    void javaHttpClientWaitsForContinue() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/echo")).expectContinue(true).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("expected body")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("expected body", r.body());
    }
}
