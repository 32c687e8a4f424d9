package io.rebound.parser.internal;

import static io.rebound.parser.internal.Requests.complete;
import static io.rebound.parser.internal.Requests.head;
import static io.rebound.parser.internal.Requests.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import io.rebound.http.api.HttpHeaders;
import io.rebound.http.spi.RequestHead;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderFieldTest {

    @Test
    void keepsFieldsInOrderWithNamesAsSent() {
        RequestHead head = complete(head("GET / HTTP/1.1", "Host: example.com", "X-Multi: 1", "accept: */*",
                "x-multi: 2"));
        HttpHeaders headers = head.headers();
        assertEquals(4, headers.size());
        assertEquals("Host", headers.name(0));
        assertEquals("accept", headers.name(2));
        assertEquals("*/*", headers.first("Accept"));
        assertEquals(List.of("1", "2"), headers.all("X-MULTI"));
    }

    /** raw field line, expected value after trimming. */
    static Stream<Arguments> fieldValues() {
        return Stream.of(
                Arguments.of("X-A: v", "v"),
                Arguments.of("X-A:v", "v"),
                Arguments.of("X-A:   v  ", "v"),
                Arguments.of("X-A:\t v \t", "v"),
                Arguments.of("X-A: a  b\tc", "a  b\tc"),
                Arguments.of("X-A:", ""),
                Arguments.of("X-A:   ", ""),
                Arguments.of("X-A: \"quoted, with: colon\"", "\"quoted, with: colon\""),
                // obs-text is allowed and decoded byte for byte as ISO-8859-1.
                Arguments.of("X-A: caf\u00E9 \u0080\u00FF", "caf\u00E9 \u0080\u00FF"),
                Arguments.of("X-A: ~!@#$%^&*()_+{}|:<>?`-=[]\\;',./", "~!@#$%^&*()_+{}|:<>?`-=[]\\;',./"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldValues")
    void trimsOptionalWhitespaceAndKeepsTheRest(String fieldLine, String value) {
        RequestHead head = complete(head("GET / HTTP/1.1", "Host: a", fieldLine));
        assertEquals("X-A", head.headers().name(1));
        assertEquals(value, head.headers().value(1));
    }

    @Test
    void acceptsEveryTokenCharacterInFieldNames() {
        RequestHead head = complete(head("GET / HTTP/1.1", "Host: a", "!#$%&'*+-.^_`|~09azAZ: x"));
        assertEquals("!#$%&'*+-.^_`|~09azAZ", head.headers().name(1));
    }

    /** a header line placed after "GET / HTTP/1.1" and "Host: a". */
    static Stream<String> invalidFieldLines() {
        return Stream.of(
                "X-A : v",          // whitespace before the colon
                "X-A\t: v",
                "Host : a",
                ": v",              // empty name
                ":",
                "X A: v",           // space inside the name
                "X-A v",            // no colon
                "X-A",
                "X(A): v",          // non-token name byte
                "X\u00E9: v",
                "X\u0000: v",
                " X-A: v",          // obs-fold and leading whitespace
                "\tX-A: v",
                " continued",
                "X-A: a\u0000b",    // control bytes in the value
                "X-A: \u0000",
                "X-A: a\u0001",
                "X-A: a\u001Fb",
                "X-A: a\u007Fb",
                "X-A: a\u000Bb",
                "X-A: a\u000Cb");
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("invalidFieldLines")
    void rejectsInvalidFieldLine(String fieldLine) {
        rejected(head("GET / HTTP/1.1", "Host: a", fieldLine), 400);
    }

    @Test
    void rejectsFoldedContinuationOfAValidField() {
        String reason = rejected("GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n", 400).reason();
        assertTrue(reason.contains("obs-fold"), reason);
        rejected("GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n\ttwo\r\n\r\n", 400);
    }

    @Test
    void rejectsWhitespaceBetweenRequestLineAndFirstField() {
        rejected("GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400);
    }

    /** raw input with a bare CR or LF somewhere in its head. */
    static Stream<String> bareLineBreaks() {
        return Stream.of(
                "GET / HTTP/1.1\nHost: a\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\n\n",
                "GET / HTTP/1.1\nHost: a\n\n",
                "GET / HTTP/1.1\rHost: a\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\rX-A: b\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\n\rX",
                "GET / HTTP/1.1\r\nHost: a\r\r\n\r\n",
                "GET / HTTP/1.1\r\nX-A: a\nb\r\nHost: a\r\n\r\n",
                "GET /a\rb HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /a\nb HTTP/1.1\r\nHost: a\r\n\r\n",
                "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
                "\rGET / HTTP/1.1\r\nHost: a\r\n\r\n",
                "\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
                // Rejected as soon as the bare LF shows, without waiting for the rest.
                "GET / HTTP/1.1\n",
                "GET / HTTP/1.1\r\nHost: a\n",
                "GET / HTTP/1.1\r\nHost: a\rb");
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("bareLineBreaks")
    void rejectsBareCrOrLf(String raw) {
        rejected(raw, 400);
    }

    @ParameterizedTest(name = "{0} empty lines")
    @ValueSource(ints = {1, 2, 3, 4})
    void skipsAFewEmptyLinesBeforeTheRequestLineAndCountsThem(int emptyLines) {
        String request = head("GET / HTTP/1.1", "Host: a");
        RequestHead head = complete("\r\n".repeat(emptyLines) + request);
        assertEquals("/", head.path());
        assertEquals(2 * emptyLines + request.length(), head.headLength());
    }

    @Test
    void rejectsMoreThanAFewEmptyLines() {
        rejected("\r\n".repeat(HeadScanner.MAX_LEADING_EMPTY_LINES + 1) + head("GET / HTTP/1.1", "Host: a"), 400);
        // Even before a request line arrives.
        rejected("\r\n".repeat(HeadScanner.MAX_LEADING_EMPTY_LINES + 1), 400);
    }

    /** Host values that are valid. */
    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"example.com", "EXAMPLE.com:80", "example.com:65535", "example.com:0", "localhost",
            "127.0.0.1", "127.0.0.1:8080", "[::1]", "[::1]:8080", "[2001:db8:0:0:0:0:2:1]", "[::ffff:192.0.2.1]",
            "[v1.fe80::a+en1]", "xn--bcher-kva.example", "a-b_c~d.e", "%41%42", "sub!$&'()*+,;=delims", ""})
    void acceptsValidHost(String host) {
        RequestHead head = complete(head("GET / HTTP/1.1", "Host: " + host));
        assertEquals(host, head.headers().first("host"));
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"exa mple.com", "a b", "user@example.com", "user:pw@example.com", "example.com:",
            "example.com:x", "example.com:-1", "example.com:65536", "example.com:123456", "example.com:80:80",
            ":80", "[::1", "::1", "[::1]x", "[::1]:", "[12345::]", "[1:2:3:4:5:6:7:8:9]", "[1:2:3:4:5:6:7:8::]",
            "[::1::2]", "[1:2]", "[:1]", "[1:]", "[::256.1.1.1]", "[::01.1.1.1]", "[]", "[v.x]", "[vz.x]",
            "exa%zzmple", "exa%4", "example.com/path", "example.com?q", "caf\u00E9.example", "a\"b", "<a>",
            "http://example.com"})
    void rejectsInvalidHost(String host) {
        rejected(head("GET / HTTP/1.1", "Host: " + host), 400);
    }

    @Test
    void requiresExactlyOneHostInHttp11() {
        rejected(head("GET / HTTP/1.1"), 400);
        rejected(head("GET / HTTP/1.1", "X-Host: a"), 400);
        rejected(head("GET / HTTP/1.1", "Host: a", "Host: a"), 400);
        rejected(head("GET / HTTP/1.1", "Host: a", "host: b"), 400);
        rejected(head("GET http://a/ HTTP/1.1"), 400);
    }

    @Test
    void allowsHttp10WithoutHostButNotWithTwo() {
        assertEquals("HTTP/1.0", complete(head("GET / HTTP/1.0")).version());
        rejected(head("GET / HTTP/1.0", "Host: a", "Host: b"), 400);
        rejected(head("GET / HTTP/1.0", "Host: a b"), 400);
    }

    @Test
    void decodesEveryHeadByteAsIso88591() {
        RequestHead head = complete(head("GET / HTTP/1.1", "Host: a", "X-Bytes: \u0080\u00A0\u00E9\u00FF"));
        assertEquals("\u0080\u00A0\u00E9\u00FF", head.headers().first("X-Bytes"));
    }
}
