package io.rebound.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;

import io.rebound.http.api.HttpHandler;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

/** The public port over real sockets: what an HTTP/1.1 client of the assembled server sees. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServingIT {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final String ECHO = "/echo";

    private static HttpClient client;

    private RunningServer server;

    @Configuration
    public Option[] config() {
        return ReboundOptions.config();
    }

    @Before
    public void serverIsUp() {
        server = RunningServer.await(context());
        synchronized (ServingIT.class) {
            if (client == null) {
                client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
            }
        }
    }

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle bundle : context().getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && bundle.getState() != Bundle.ACTIVE) {
                notActive.add(bundle.getSymbolicName() + " [" + bundle.getBundleId() + "] state "
                        + bundle.getState());
            }
        }
        assertEquals("bundles not ACTIVE", List.of(), notActive);
    }

    @Test
    public void getServesFilesWithTypeAndLength() throws Exception {
        assertFile(TestDocroot.ONE_KIB, "text/plain");
        assertFile(TestDocroot.INDEX, "text/html");
        assertFile(TestDocroot.HUNDRED_KIB, "application/octet-stream");
    }

    private void assertFile(String path, String type) throws Exception {
        HttpResponse<byte[]> response = get(path);
        byte[] expected = TestDocroot.content(path);
        assertEquals("status of GET " + path, 200, response.statusCode());
        assertArrayEquals("body of GET " + path, expected, response.body());
        assertEquals("Content-Length of GET " + path, String.valueOf(expected.length),
                header(response, "Content-Length"));
        String contentType = header(response, "Content-Type");
        assertTrue("Content-Type of GET " + path + " is " + contentType + ", expected " + type,
                contentType != null && contentType.toLowerCase().startsWith(type));
    }

    @Test
    public void getOfDirectoryServesItsIndex() throws Exception {
        HttpResponse<byte[]> response = get(TestDocroot.SUB_DIR);
        assertEquals(200, response.statusCode());
        assertArrayEquals(TestDocroot.content(TestDocroot.SUB_DIR), response.body());
    }

    @Test
    public void missingFileIs404() throws Exception {
        assertEquals(404, get("/no-such-file.txt").statusCode());
    }

    @Test
    public void ifNoneMatchWithCurrentEtagIs304() throws Exception {
        HttpResponse<byte[]> first = get(TestDocroot.ONE_KIB);
        String etag = header(first, "ETag");
        assertNotNull("GET " + TestDocroot.ONE_KIB + " has no ETag: " + first.headers().map(), etag);

        HttpResponse<byte[]> conditional = get(TestDocroot.ONE_KIB, "If-None-Match", etag);
        assertEquals("If-None-Match: " + etag, 304, conditional.statusCode());
        assertEquals("304 body length", 0, conditional.body().length);
        assertEquals("ETag of the 304", etag, header(conditional, "ETag"));

        HttpResponse<byte[]> otherTag = get(TestDocroot.ONE_KIB, "If-None-Match", "\"not-the-current-tag\"");
        assertEquals("If-None-Match with another tag", 200, otherTag.statusCode());
    }

    @Test
    public void ifModifiedSinceLastModifiedIs304() throws Exception {
        HttpResponse<byte[]> first = get(TestDocroot.ONE_KIB);
        String lastModified = header(first, "Last-Modified");
        assertNotNull("GET " + TestDocroot.ONE_KIB + " has no Last-Modified: " + first.headers().map(),
                lastModified);

        HttpResponse<byte[]> conditional = get(TestDocroot.ONE_KIB, "If-Modified-Since", lastModified);
        assertEquals("If-Modified-Since: " + lastModified, 304, conditional.statusCode());
        assertEquals("304 body length", 0, conditional.body().length);

        HttpResponse<byte[]> older = get(TestDocroot.ONE_KIB, "If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT");
        assertEquals("If-Modified-Since long before the file existed", 200, older.statusCode());
    }

    @Test
    public void rangeIs206WithExactBytes() throws Exception {
        byte[] file = TestDocroot.content(TestDocroot.HUNDRED_KIB);
        int total = file.length;

        HttpResponse<byte[]> middle = get(TestDocroot.HUNDRED_KIB, "Range", "bytes=1000-1999");
        assertEquals(206, middle.statusCode());
        assertEquals("bytes 1000-1999/" + total, header(middle, "Content-Range"));
        assertEquals("1000", header(middle, "Content-Length"));
        assertArrayEquals(Arrays.copyOfRange(file, 1000, 2000), middle.body());

        HttpResponse<byte[]> suffix = get(TestDocroot.HUNDRED_KIB, "Range", "bytes=-10");
        assertEquals(206, suffix.statusCode());
        assertEquals("bytes " + (total - 10) + "-" + (total - 1) + "/" + total, header(suffix, "Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(file, total - 10, total), suffix.body());
    }

    @Test
    public void unsatisfiableRangeIs416() throws Exception {
        int total = TestDocroot.content(TestDocroot.HUNDRED_KIB).length;
        HttpResponse<byte[]> response = get(TestDocroot.HUNDRED_KIB, "Range", "bytes=" + total + "-");
        assertEquals(416, response.statusCode());
        assertEquals("bytes */" + total, header(response, "Content-Range"));
    }

    /** HEAD then GET on one connection: if the HEAD answer carried a body, the GET's status line would not parse. */
    @Test
    public void headHasHeadersButNoBody() throws Exception {
        try (RawConnection connection = RawConnection.open(server.httpPort())) {
            connection.send("HEAD " + TestDocroot.ONE_KIB + " HTTP/1.1\r\nHost: itest\r\n\r\n"
                    + "GET " + TestDocroot.INDEX + " HTTP/1.1\r\nHost: itest\r\n\r\n");
            RawResponse head = connection.read(true);
            assertEquals(head.toString(), 200, head.status());
            assertEquals(head.toString(), "1024", head.header("Content-Length"));
            String type = head.header("Content-Type");
            assertTrue(head.toString(), type != null && type.startsWith("text/plain"));
            RawResponse next = connection.read(false);
            assertEquals("response after the HEAD answer: " + next, 200, next.status());
            assertArrayEquals(TestDocroot.content(TestDocroot.INDEX), next.body());
        }
    }

    @Test
    public void keepAliveCarriesSeveralRequests() throws Exception {
        String[] paths = { TestDocroot.INDEX, TestDocroot.ONE_KIB, TestDocroot.HUNDRED_KIB, TestDocroot.SUB_INDEX,
            TestDocroot.INDEX };
        try (RawConnection connection = RawConnection.open(server.httpPort())) {
            for (String path : paths) {
                connection.send("GET " + path + " HTTP/1.1\r\nHost: itest\r\n\r\n");
                RawResponse response = connection.read(false);
                assertEquals("GET " + path + ": " + response, 200, response.status());
                assertArrayEquals("GET " + path, TestDocroot.content(path), response.body());
                assertFalse("server announced close after GET " + path + ": " + response,
                        response.hasToken("Connection", "close"));
            }
            assertFalse("server closed a keep-alive connection", connection.closedByPeerWithin(Duration.ofMillis(200)));
        }
    }

    @Test
    public void connectionCloseClosesAfterResponse() throws Exception {
        try (RawConnection connection = RawConnection.open(server.httpPort())) {
            connection.send("GET " + TestDocroot.INDEX + " HTTP/1.1\r\nHost: itest\r\nConnection: close\r\n\r\n");
            RawResponse response = connection.read(false);
            assertEquals(response.toString(), 200, response.status());
            assertArrayEquals(TestDocroot.content(TestDocroot.INDEX), response.body());
            assertTrue("no Connection: close in " + response, response.hasToken("Connection", "close"));
            assertTrue("connection still open " + CLOSE_TIMEOUT.toMillis() + " ms after the response",
                    connection.closedByPeerWithin(CLOSE_TIMEOUT));
        }
    }

    @Test
    public void chunkedUploadArrivesComplete() throws Exception {
        byte[] body = new byte[80_000];
        new Random(42).nextBytes(body);
        int[] chunkSizes = { 1, 4095, 65_536, body.length - 1 - 4095 - 65_536 };
        ServiceRegistration<HttpHandler> echo = registerEcho();
        try (RawConnection connection = RawConnection.open(server.httpPort())) {
            connection.send("POST " + ECHO + " HTTP/1.1\r\nHost: itest\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n");
            int offset = 0;
            for (int size : chunkSizes) {
                connection.send(Integer.toHexString(size) + "\r\n");
                connection.send(Arrays.copyOfRange(body, offset, offset + size));
                connection.send("\r\n");
                offset += size;
            }
            connection.send("0\r\n\r\n");
            RawResponse response = connection.read(false);
            assertEquals(response.toString(), 200, response.status());
            assertEquals("length and SHA-256 the handler saw", EchoDigestHandler.expectedAnswer(body),
                    response.bodyText());

            // The de-chunked body must have ended exactly at the last chunk: the connection carries on.
            connection.send("GET " + TestDocroot.INDEX + " HTTP/1.1\r\nHost: itest\r\n\r\n");
            RawResponse next = connection.read(false);
            assertEquals("request after the chunked upload: " + next, 200, next.status());
        } finally {
            echo.unregister();
        }
    }

    @Test
    public void expectContinueGets100BeforeTheBody() throws Exception {
        byte[] body = new byte[5000];
        new Random(7).nextBytes(body);
        ServiceRegistration<HttpHandler> echo = registerEcho();
        try (RawConnection connection = RawConnection.open(server.httpPort())) {
            connection.send("POST " + ECHO + " HTTP/1.1\r\nHost: itest\r\nContent-Length: " + body.length
                    + "\r\nExpect: 100-continue\r\n\r\n");
            RawResponse interim = connection.read(false);
            assertEquals("answer to the head alone: " + interim, 100, interim.status());
            connection.send(body);
            RawResponse response = connection.read(false);
            assertEquals(response.toString(), 200, response.status());
            assertEquals(EchoDigestHandler.expectedAnswer(body), response.bodyText());
        } finally {
            echo.unregister();
        }
    }

    @Test
    public void malformedRequestLineIs400AndServerKeepsServing() throws Exception {
        try (RawConnection connection = RawConnection.open(server.httpPort())) {
            connection.send("NONSENSE\r\nHost: itest\r\n\r\n");
            RawResponse response = connection.read(false);
            assertEquals(response.toString(), 400, response.status());
            assertTrue("connection still open after a rejected request",
                    connection.closedByPeerWithin(CLOSE_TIMEOUT));
        }
        // One attempt, no polling: the next client must be served at once.
        try (RawConnection next = RawConnection.open(server.httpPort())) {
            next.send("GET " + TestDocroot.INDEX + " HTTP/1.1\r\nHost: itest\r\n\r\n");
            RawResponse response = next.read(false);
            assertEquals(response.toString(), 200, response.status());
            assertArrayEquals(TestDocroot.content(TestDocroot.INDEX), response.body());
        }
    }

    @Test
    public void postToFileIs405WithAllow() throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(server.http(TestDocroot.INDEX))
                .timeout(Duration.ofSeconds(15))
                .POST(BodyPublishers.ofString("x")).build(), BodyHandlers.ofByteArray());
        assertEquals(405, response.statusCode());
        List<String> allow = new ArrayList<>();
        for (String value : response.headers().allValues("Allow")) {
            for (String token : value.split(",")) {
                allow.add(token.trim());
            }
        }
        assertTrue("Allow: " + allow, allow.contains("GET") && allow.contains("HEAD"));
        assertFalse("Allow: " + allow, allow.contains("POST"));
    }

    @Test
    public void unknownMethodIs501() throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(server.http(TestDocroot.INDEX))
                .timeout(Duration.ofSeconds(15))
                .method("BREW", BodyPublishers.noBody()).build(), BodyHandlers.ofByteArray());
        assertEquals(501, response.statusCode());
    }

    /** Registers the digest handler at {@value #ECHO} and waits until the router dispatches to it. */
    private ServiceRegistration<HttpHandler> registerEcho() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(HttpHandler.PATH, ECHO);
        properties.put(HttpHandler.METHODS, new String[] { "POST" });
        ServiceRegistration<HttpHandler> registration =
                context().registerService(HttpHandler.class, new EchoDigestHandler(), properties);
        String emptyAnswer = EchoDigestHandler.expectedAnswer(new byte[0]);
        try {
            Await.until("POST " + ECHO + " to reach the test handler", () -> {
                try (RawConnection connection = RawConnection.open(server.httpPort())) {
                    connection.send("POST " + ECHO + " HTTP/1.1\r\nHost: itest\r\nContent-Length: 0\r\n"
                            + "Connection: close\r\n\r\n");
                    RawResponse response = connection.read(false);
                    return response.status() == 200 && emptyAnswer.equals(response.bodyText());
                }
            });
        } catch (AssertionError e) {
            registration.unregister();
            throw e;
        }
        return registration;
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.http(path)).timeout(Duration.ofSeconds(15)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static BundleContext context() {
        return FrameworkUtil.getBundle(ServingIT.class).getBundleContext();
    }
}
