package io.rebound.router.internal;

import static io.rebound.router.internal.Handlers.named;
import static io.rebound.router.internal.Handlers.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.rebound.http.api.HttpHandler;
import io.rebound.http.api.HttpRequest;

import org.junit.jupiter.api.Test;

class RouterComponentTest {

    // 1994-11-06T08:49:37Z, the example date of RFC 9110.
    private static final long NOW = 784111777_000L;

    private final RecordingLogger log = new RecordingLogger();
    private final RouterComponent router = new RouterComponent(log, () -> NOW);

    private FakeResponse dispatch(String method, String target) throws IOException {
        FakeResponse response = new FakeResponse();
        router.dispatch(new FakeRequest(method, target), response);
        return response;
    }

    @Test
    void routesToTheLongestPrefix() throws IOException {
        router.addHandler(named("root"), props(1, "/"));
        router.addHandler(named("kv"), props(2, "/kv"));
        assertEquals("kv", dispatch("GET", "/kv/a?x=1").bodyText());
        assertEquals("root", dispatch("GET", "/kvx").bodyText());
    }

    @Test
    void unbindStopsRoutingAndAnUpdateMovesTheHandler() throws IOException {
        router.configure(0, 128, 5, 2_000);
        HttpHandler kv = named("kv");
        router.addHandler(kv, props(2, "/kv"));
        router.updateHandler(kv, props(2, "/store"));
        assertEquals(404, dispatch("GET", "/kv").status());
        assertEquals("kv", dispatch("GET", "/store").bodyText());
        router.removeHandler(kv, props(2, "/store"));
        assertEquals(404, dispatch("GET", "/store").status());
        assertTrue(router.routes().routes().isEmpty());
    }

    @Test
    void invalidPathIsIgnoredWithOneWarningNamingTheService() throws IOException {
        router.addHandler(named("bad"), props(17, "kv"));
        assertEquals(404, dispatch("GET", "/kv").status());
        assertTrue(router.routes().routes().isEmpty());
        List<String> warnings = log.at(Level.WARNING);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("service.id 17"), warnings.get(0));
        assertTrue(warnings.get(0).contains("does not start with /"), warnings.get(0));
    }

    @Test
    void updateToAnInvalidPathWithdrawsTheHandler() throws IOException {
        HttpHandler kv = named("kv");
        router.addHandler(kv, props(3, "/kv"));
        router.updateHandler(kv, props(3, null));
        assertEquals(404, dispatch("GET", "/kv").status());
        assertEquals(1, log.at(Level.WARNING).size());
        assertTrue(log.at(Level.WARNING).get(0).contains("rebound.http.path is missing"));
    }

    @Test
    void noHandlerIs404WithPlainTextBody() throws IOException {
        FakeResponse r = dispatch("GET", "/nothing");
        assertEquals(404, r.status());
        assertEquals("404 Not Found\n", r.bodyText());
        assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
    }

    @Test
    void unknownMethodIs501BeforeRouting() throws IOException {
        router.addHandler(named("root"), props(1, "/"));
        FakeResponse r = dispatch("BREW", "/");
        assertEquals(501, r.status());
        assertEquals("501 Not Implemented\n", r.bodyText());
        // Methods are case-sensitive: "get" is not GET.
        assertEquals(501, dispatch("get", "/").status());
        assertEquals(501, dispatch("BREW", "/unrouted").status());
    }

    @Test
    void unacceptedMethodIs405WithAllow() throws IOException {
        router.addHandler(named("kv"), props(1, "/kv", new String[] { "GET", "PUT" }));
        FakeResponse r = dispatch("DELETE", "/kv/a");
        assertEquals(405, r.status());
        assertEquals("GET, HEAD, PUT", r.header("Allow"));
        assertEquals("405 Method Not Allowed\n", r.bodyText());
        assertEquals("kv", dispatch("PUT", "/kv/a").bodyText());
    }

    @Test
    void headIsImpliedByGetOnly() throws IOException {
        AtomicReference<String> seen = new AtomicReference<>();
        router.addHandler((req, resp) -> seen.set(req.method()), props(1, "/get", "GET"));
        router.addHandler(named("post"), props(2, "/post", new String[] { "POST" }));
        assertEquals(200, dispatch("HEAD", "/get").status());
        assertEquals("HEAD", seen.get());
        FakeResponse r = dispatch("HEAD", "/post");
        assertEquals(405, r.status());
        assertEquals("POST", r.header("Allow"));
    }

    @Test
    void optionsIsAnsweredForAHandlerThatDoesNotListIt() throws IOException {
        router.addHandler(named("files"), props(1, "/"));
        FakeResponse r = dispatch("OPTIONS", "/index.html");
        assertEquals(204, r.status());
        assertEquals("GET, HEAD", r.header("Allow"));
        assertTrue(r.committed());
        assertEquals("", r.bodyText());
    }

    @Test
    void optionsGoesToAHandlerThatListsIt() throws IOException {
        router.addHandler(named("cors"), props(1, "/api", new String[] { "GET", "OPTIONS" }));
        assertEquals("cors", dispatch("OPTIONS", "/api/x").bodyText());
    }

    @Test
    void optionsAsteriskListsTheKnownMethods() throws IOException {
        FakeResponse r = dispatch("OPTIONS", "*");
        assertEquals(204, r.status());
        assertEquals("GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH", r.header("Allow"));
        router.addHandler(named("root"), props(1, "/"));
        assertEquals(404, dispatch("GET", "*").status(), "asterisk-form has no handler");
    }

    @Test
    void dateAndServerAreSetBeforeTheHandlerRuns() throws IOException {
        AtomicReference<String> dateSeen = new AtomicReference<>();
        AtomicReference<String> serverSeen = new AtomicReference<>();
        router.addHandler((req, resp) -> {
            dateSeen.set(resp.header("Date"));
            serverSeen.set(resp.header("Server"));
        }, props(1, "/app"));
        dispatch("GET", "/app");
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", dateSeen.get());
        assertEquals("Rebound", serverSeen.get());
    }

    @Test
    void routerAnswersCarryDateAndServerToo() throws IOException {
        for (FakeResponse r : List.of(dispatch("GET", "/nothing"), dispatch("BREW", "/"), dispatch("OPTIONS", "*"))) {
            assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", r.header("Date"));
            assertEquals("Rebound", r.header("Server"));
        }
    }

    @Test
    void handlerSeesTheMatchedPrefixAndTheRawPath() throws IOException {
        AtomicReference<HttpRequest> seen = new AtomicReference<>();
        router.addHandler((req, resp) -> seen.set(req), props(1, "/kv"));
        FakeRequest original = new FakeRequest("GET", "/kv/a%20b?q=1");
        router.dispatch(original, new FakeResponse());
        assertEquals("/kv", seen.get().handlerPath());
        assertEquals("/kv/a%20b", seen.get().path());
        assertEquals("q=1", seen.get().query());
        assertEquals("/kv/a%20b?q=1", seen.get().target());
        assertEquals(original.remoteAddress(), seen.get().remoteAddress());
        assertNull(original.handlerPath());
    }

    @Test
    void exceptionBeforeCommitIs503WithRetryAfterAndOneWarning() throws IOException {
        router.configure(0, 128, 5, 2_000);
        router.addHandler((req, resp) -> {
            resp.header("X-Half-Done", "yes");
            throw new IllegalStateException("boom");
        }, props(1, "/kv"));
        FakeResponse r = dispatch("GET", "/kv/a");
        // No replacement came within the hold: 503 says "try again", and the handler's half-done header is gone.
        assertEquals(503, r.status());
        assertEquals("503 Service Unavailable\n", r.bodyText());
        assertEquals("1", r.header("Retry-After"));
        assertNull(r.header("X-Half-Done"));
        List<String> warnings = log.at(Level.WARNING);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("/kv"), warnings.get(0));
        assertTrue(warnings.get(0).contains("IllegalStateException: boom"), warnings.get(0));
    }

    @Test
    void errorOtherThanVirtualMachineErrorIs503() throws IOException {
        router.configure(0, 128, 5, 2_000);
        router.addHandler((req, resp) -> {
            throw new AssertionError("broken invariant");
        }, props(1, "/"));
        assertEquals(503, dispatch("GET", "/").status());
    }

    @Test
    void virtualMachineErrorPropagates() {
        OutOfMemoryError oom = new OutOfMemoryError("test");
        router.addHandler((req, resp) -> {
            throw oom;
        }, props(1, "/"));
        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> dispatch("GET", "/")));
    }

    @Test
    void exceptionAfterCommitBecomesIOException() {
        IllegalStateException boom = new IllegalStateException("late boom");
        router.addHandler((req, resp) -> {
            resp.body().write("partial".getBytes(StandardCharsets.UTF_8));
            throw boom;
        }, props(1, "/"));
        FakeResponse response = new FakeResponse();
        IOException e = assertThrows(IOException.class,
                () -> router.dispatch(new FakeRequest("GET", "/"), response));
        assertSame(boom, e.getCause());
        assertEquals(200, response.status(), "no 500 once committed");
        assertEquals("partial", response.bodyText());
    }

    @Test
    void handlerIOExceptionPropagatesUnchanged() {
        IOException reset = new IOException("connection reset");
        router.addHandler((req, resp) -> {
            throw reset;
        }, props(1, "/"));
        assertSame(reset, assertThrows(IOException.class, () -> dispatch("GET", "/")));
        assertFalse(log.at(Level.WARNING).stream().anyMatch(l -> l.contains("reset")));
    }
}
