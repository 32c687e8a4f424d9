package io.rebound.parser.internal;

import static io.rebound.parser.internal.Requests.complete;
import static io.rebound.parser.internal.Requests.head;
import static io.rebound.parser.internal.Requests.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;

import io.rebound.http.spi.RequestHead;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestLineTest {

    /** request line, expected method, path, query (null for none), version. */
    static Stream<Arguments> validRequestLines() {
        return Stream.of(
                Arguments.of("GET / HTTP/1.1", "GET", "/", null, "HTTP/1.1"),
                Arguments.of("GET /index.html HTTP/1.1", "GET", "/index.html", null, "HTTP/1.1"),
                Arguments.of("GET /a/b?x=1&y=2 HTTP/1.1", "GET", "/a/b", "x=1&y=2", "HTTP/1.1"),
                Arguments.of("GET /a? HTTP/1.1", "GET", "/a", "", "HTTP/1.1"),
                Arguments.of("GET /a?b?c HTTP/1.1", "GET", "/a", "b?c", "HTTP/1.1"),
                Arguments.of("GET /?q HTTP/1.1", "GET", "/", "q", "HTTP/1.1"),
                // Not decoded: that is the handler's job, exactly once.
                Arguments.of("GET /a%20b%2F..?q=%41 HTTP/1.1", "GET", "/a%20b%2F..", "q=%41", "HTTP/1.1"),
                Arguments.of("GET /~user/[x]{y}|z HTTP/1.1", "GET", "/~user/[x]{y}|z", null, "HTTP/1.1"),
                Arguments.of("POST /upload HTTP/1.0", "POST", "/upload", null, "HTTP/1.0"),
                Arguments.of("M-SEARCH /upnp HTTP/1.1", "M-SEARCH", "/upnp", null, "HTTP/1.1"),
                Arguments.of("get / HTTP/1.1", "get", "/", null, "HTTP/1.1"),
                Arguments.of("X!#$%&'*+-.^_`|~9 / HTTP/1.1", "X!#$%&'*+-.^_`|~9", "/", null, "HTTP/1.1"),
                Arguments.of("OPTIONS * HTTP/1.1", "OPTIONS", "*", null, "HTTP/1.1"),
                Arguments.of("OPTIONS /x HTTP/1.1", "OPTIONS", "/x", null, "HTTP/1.1"),
                Arguments.of("GET http://example.com/a/b?c HTTP/1.1", "GET", "/a/b", "c", "HTTP/1.1"),
                Arguments.of("GET HTTPS://Example.COM:8443/p HTTP/1.1", "GET", "/p", null, "HTTP/1.1"),
                Arguments.of("GET hTtP://example.com HTTP/1.1", "GET", "/", null, "HTTP/1.1"),
                Arguments.of("GET http://example.com?q=1 HTTP/1.1", "GET", "/", "q=1", "HTTP/1.1"),
                Arguments.of("GET http://[::1]:8080/ HTTP/1.1", "GET", "/", null, "HTTP/1.1"),
                Arguments.of("OPTIONS http://example.com HTTP/1.1", "OPTIONS", "/", null, "HTTP/1.1"),
                Arguments.of("CONNECT example.com:443 HTTP/1.1", "CONNECT", "example.com:443", null, "HTTP/1.1"),
                Arguments.of("CONNECT [2001:db8::1]:443 HTTP/1.1", "CONNECT", "[2001:db8::1]:443", null,
                        "HTTP/1.1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validRequestLines")
    void acceptsValidRequestLine(String requestLine, String method, String path, String query, String version) {
        RequestHead head = complete(head(requestLine, "Host: example.com"));
        String target = requestLine.substring(requestLine.indexOf(' ') + 1, requestLine.lastIndexOf(' '));
        assertEquals(method, head.method());
        assertEquals(target, head.target());
        assertEquals(path, head.path());
        assertEquals(query, head.query());
        assertEquals(version, head.version());
    }

    @Test
    void asteriskFormIsOnlyForOptions() {
        rejected(head("M-SEARCH * HTTP/1.1", "Host: a"), 400);
        rejected(head("options * HTTP/1.1", "Host: a"), 400);
    }

    /** request line (CRLF and a Host field are appended), expected status. */
    static Stream<Arguments> invalidRequestLines() {
        return Stream.of(
                // Shape: exactly method SP target SP version.
                Arguments.of("GET  / HTTP/1.1", 400),
                Arguments.of("GET /  HTTP/1.1", 400),
                Arguments.of(" GET / HTTP/1.1", 400),
                Arguments.of("GET / HTTP/1.1 ", 400),
                Arguments.of("GET\t/ HTTP/1.1", 400),
                Arguments.of("GET /\tHTTP/1.1", 400),
                Arguments.of("GET / HTTP/1.1 extra", 400),
                Arguments.of("GET /", 400),
                Arguments.of("GET / ", 400),
                Arguments.of("GET", 400),
                Arguments.of("/ HTTP/1.1", 400),
                Arguments.of(" / HTTP/1.1", 400),
                // Method must be a token.
                Arguments.of("G(T / HTTP/1.1", 400),
                Arguments.of("GE\"T / HTTP/1.1", 400),
                Arguments.of("GÉT / HTTP/1.1", 400),
                Arguments.of("GET\u0000 / HTTP/1.1", 400),
                // Target bytes: visible ASCII only, no fragment.
                Arguments.of("GET /a#frag HTTP/1.1", 400),
                Arguments.of("GET /# HTTP/1.1", 400),
                Arguments.of("GET /a\u007F HTTP/1.1", 400),
                Arguments.of("GET /a\u0001b HTTP/1.1", 400),
                Arguments.of("GET /a\u0000 HTTP/1.1", 400),
                Arguments.of("GET /caf\u00E9 HTTP/1.1", 400),
                Arguments.of("GET /\u00FF HTTP/1.1", 400),
                // Target forms.
                Arguments.of("GET example.com HTTP/1.1", 400),
                Arguments.of("GET example.com:80 HTTP/1.1", 400),
                Arguments.of("GET a/b HTTP/1.1", 400),
                Arguments.of("GET ?q HTTP/1.1", 400),
                Arguments.of("GET * HTTP/1.1", 400),
                Arguments.of("OPTIONS ** HTTP/1.1", 400),
                Arguments.of("GET ftp://example.com/ HTTP/1.1", 400),
                Arguments.of("GET http:/example.com/ HTTP/1.1", 400),
                Arguments.of("GET http:// HTTP/1.1", 400),
                Arguments.of("GET http:///a HTTP/1.1", 400),
                Arguments.of("GET http://user@example.com/ HTTP/1.1", 400),
                Arguments.of("GET http://example.com:99999/ HTTP/1.1", 400),
                Arguments.of("GET http://example.com:/ HTTP/1.1", 400),
                Arguments.of("GET http://exa%zzmple.com/ HTTP/1.1", 400),
                Arguments.of("GET http://[::1/ HTTP/1.1", 400),
                Arguments.of("CONNECT / HTTP/1.1", 400),
                Arguments.of("CONNECT example.com HTTP/1.1", 400),
                Arguments.of("CONNECT example.com: HTTP/1.1", 400),
                Arguments.of("CONNECT user@example.com:443 HTTP/1.1", 400),
                Arguments.of("CONNECT http://example.com:443 HTTP/1.1", 400),
                Arguments.of("CONNECT example.com:443/x HTTP/1.1", 400),
                Arguments.of("connect example.com:443 HTTP/1.1", 400),
                // Version: only HTTP/1.1 and HTTP/1.0; other well-formed versions 505, the rest 400.
                Arguments.of("GET / HTTP/2.0", 505),
                Arguments.of("GET / HTTP/1.2", 505),
                Arguments.of("GET / HTTP/0.9", 505),
                Arguments.of("GET / HTTP/3.1", 505),
                Arguments.of("GET / HTTP/9.9", 505),
                Arguments.of("GET / HTTP/2", 400),
                Arguments.of("GET / HTTP/1", 400),
                Arguments.of("GET / HTTP/1.", 400),
                Arguments.of("GET / HTTP/11", 400),
                Arguments.of("GET / HTTP/1.10", 400),
                Arguments.of("GET / HTTP/1.1x", 400),
                Arguments.of("GET / http/1.1", 400),
                Arguments.of("GET / HTTP/a.b", 400),
                Arguments.of("GET / HTTP 1.1", 400),
                Arguments.of("GET / HTTPS/1.1", 400),
                Arguments.of("GET / HTTP/1,1", 400),
                Arguments.of("GET / ICE/1.0", 400));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("invalidRequestLines")
    void rejectsInvalidRequestLine(String requestLine, int status) {
        rejected(head(requestLine, "Host: example.com"), status);
    }

    @Test
    void http2PrefaceIsVersionNotSupported() {
        rejected("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505);
    }

    @Test
    void asteriskFormKeepsStarAsPath() {
        RequestHead head = complete(head("OPTIONS * HTTP/1.1", "Host: a"));
        assertEquals("*", head.path());
        assertNull(head.query());
    }
}
