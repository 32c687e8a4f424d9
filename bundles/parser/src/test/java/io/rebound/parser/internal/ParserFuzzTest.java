package io.rebound.parser.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.rebound.http.api.HttpHeaders;
import io.rebound.http.spi.BodyFraming;
import io.rebound.http.spi.ParseResult;
import io.rebound.http.spi.RequestHead;

/**
 * Fuzz tests of the parser (see docs/fuzzing.md). Whatever the bytes, the parser must answer INCOMPLETE, COMPLETE
 * or REJECTED without throwing, and a COMPLETE head must be one a strict reader agrees with: nothing in it that
 * could frame the body two ways, nothing in it a log or a response could be split with.
 *
 * <p>In a plain test run each method replays its seed corpus ({@code ParserFuzzTestInputs/<method>/} under the
 * test resources), which also holds every input a fuzzing run found; with {@code JAZZER_FUZZ=1} it fuzzes.
 */
class ParserFuzzTest {

    private static final Http11RequestParser DEFAULT_LIMITS = new Http11RequestParser(ParserLimits.DEFAULTS);
    // Small limits, so that short inputs reach the 414 and 431 paths as well.
    private static final Http11RequestParser SMALL_LIMITS = new Http11RequestParser(new ParserLimits(64, 6, 200));

    // Re-reads heads written out again, which may be a little longer than the original ("X:a" becomes "X: a").
    private static final Http11RequestParser ROUND_TRIP = new Http11RequestParser(new ParserLimits(1 << 16, 1000,
            1 << 17));

    private static final Set<Integer> REJECTION_STATUSES = Set.of(400, 414, 417, 431, 501, 505);

    @FuzzTest(maxDuration = "5m")
    // libFuzzer dictionary syntax: printable ASCII, with \xNN escapes for everything else.
    @DictionaryEntries({ "GET", "POST", "HEAD", "OPTIONS", "CONNECT", " HTTP/1.1\\x0D\\x0A", " HTTP/1.0\\x0D\\x0A",
            "HTTP/2.0", "\\x0D\\x0A\\x0D\\x0A", "\\x0D\\x0A", "Host: ", "Host: a\\x0D\\x0A", "Transfer-Encoding: ",
            "Content-Length: ", "chunked", "Connection: ", "close", "keep-alive", "Expect: ", "100-continue",
            "http://", "https://", "[::1]", "*", ":80", "%00", "\\x09", ", ", ";", "\\xE9", "\\x00" })
    void arbitraryBytes(byte[] input) {
        check(DEFAULT_LIMITS, input);
        check(SMALL_LIMITS, input);
    }

    /**
     * Requests put together from the pieces smuggling attempts are made of (framing fields with odd spelling, odd
     * whitespace and odd values), so that the fuzzer spends its time on heads that get past the first line.
     */
    @FuzzTest(maxDuration = "5m")
    void assembledRequests(FuzzedDataProvider data) {
        StringBuilder request = new StringBuilder();
        request.append(data.pickValue(new String[] { "", "\r\n", "\n" }));
        request.append(data.pickValue(new String[] { "GET", "POST", "HEAD", "OPTIONS", "CONNECT", "get", "PUT" }));
        request.append(data.pickValue(new String[] { " ", " ", "  ", "\t" }));
        request.append(data.pickValue(new String[] { "/", "/a?b", "*", "http://h/p", "h:443", "//x", "/%2e%2e/",
                data.consumeAsciiString(12) }));
        request.append(data.pickValue(new String[] { " HTTP/1.1", " HTTP/1.1", " HTTP/1.0", " HTTP/2.0", "" }));
        request.append("\r\n");
        int fields = data.consumeInt(0, 6);
        for (int i = 0; i < fields; i++) {
            request.append(data.pickValue(new String[] { "Host", "Transfer-Encoding", "Content-Length",
                    "Connection", "Expect", "transfer-encoding", "X-A", " Host", "Host " }));
            request.append(data.pickValue(new String[] { ": ", ":", ":\t", " : " }));
            request.append(data.pickValue(new String[] { "a", "a:80", "chunked", "CHUNKED", "chunked, chunked",
                    "gzip, chunked", "chunked, gzip", "5", "+5", "0x5", "05", "5, 5", "", "close", "100-continue",
                    "u@h", data.consumeString(10) }));
            request.append(data.pickValue(new String[] { "\r\n", "\r\n", "\n", "\r" }));
        }
        request.append(data.pickValue(new String[] { "\r\n", "\r\n", "" }));
        request.append(data.consumeRemainingAsString());
        byte[] input = new byte[request.length()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) request.charAt(i); // the low byte of each char: obs-text and NUL included
        }
        check(DEFAULT_LIMITS, input);
        check(SMALL_LIMITS, input);
    }

    /** Every invariant of one parse; a failed assertion or any exception is a finding. */
    private static void check(Http11RequestParser parser, byte[] input) {
        ByteBuffer heap = ByteBuffer.wrap(input);
        ParseResult result = parser.parse(heap);
        assertNotNull(result);
        assertEquals(0, heap.position(), "the parser moved the buffer's position");
        assertEquals(input.length, heap.limit(), "the parser moved the buffer's limit");

        // The same bytes in a direct buffer, and at an offset in a larger array, must give the same answer.
        ByteBuffer direct = ByteBuffer.allocateDirect(input.length).put(input).flip();
        assertSameOutcome(result, parser.parse(direct));
        byte[] shifted = new byte[input.length + 3];
        System.arraycopy(input, 0, shifted, 3, input.length);
        assertSameOutcome(result, parser.parse(ByteBuffer.wrap(shifted, 3, input.length).slice()));

        switch (result.kind()) {
            case INCOMPLETE:
                assertSame(ParseResult.incomplete(), result);
                assertTrue(input.length < parser.maxHeadLength(), "incomplete although the head limit is reached");
                break;
            case REJECTED:
                checkRejection(result);
                break;
            case COMPLETE:
                checkHead(parser, input, result.head());
                break;
            default:
                fail("unknown result kind " + result.kind());
        }
    }

    private static void checkRejection(ParseResult result) {
        assertTrue(REJECTION_STATUSES.contains(result.status()), "unexpected status " + result.status());
        String reason = result.reason();
        assertNotNull(reason);
        // Reasons are logged: one line of printable ASCII, of bounded length, whatever the client sent.
        assertTrue(reason.length() < 200, () -> "reason too long: " + reason);
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            assertTrue(c >= 0x20 && c < 0x7F, () -> "unprintable character in reason: " + reason);
        }
    }

    private static void checkHead(Http11RequestParser parser, byte[] input, RequestHead head) {
        int length = head.headLength();
        assertTrue(length > 0 && length <= input.length, "head length " + length + " of " + input.length);
        assertTrue(length <= parser.maxHeadLength(), "head longer than the limit");
        assertEquals("\r\n\r\n", new String(input, length - 4, 4, ISO_8859_1), "the head does not end in CRLF CRLF");

        assertTrue(isToken(head.method()), () -> "method is not a token: " + head.method());
        assertTrue(head.version().equals("HTTP/1.1") || head.version().equals("HTTP/1.0"), head.version());
        String target = head.target();
        assertTrue(!target.isEmpty() && target.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '#'),
                () -> "target holds a forbidden character: " + target);
        assertNotNull(head.path());
        assertTrue(head.path().equals("*") || head.path().startsWith("/") || head.method().equals("CONNECT"),
                () -> "path " + head.path() + " of " + target);
        assertTrue(!head.path().equals("*") || head.method().equals("OPTIONS"), "asterisk-form for " + head.method());

        HttpHeaders headers = head.headers();
        for (int i = 0; i < headers.size(); i++) {
            assertTrue(isToken(headers.name(i)), "field name is not a token: " + headers.name(i));
            String value = headers.value(i);
            assertTrue(value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c != 0x7F && c <= 0xFF),
                    () -> "control character in the value of " + value);
            assertTrue(value.isEmpty() || value.charAt(0) > 0x20 && value.charAt(value.length() - 1) > 0x20,
                    () -> "field value not trimmed: '" + value + "'");
        }
        checkFraming(head);

        // A complete head is complete on its own bytes, and none of its proper prefixes is: the parser never
        // looks past the head, and never refuses bytes that a complete valid head begins with.
        ParseResult alone = parser.parse(ByteBuffer.wrap(input, 0, length).slice());
        assertEquals(ParseResult.Kind.COMPLETE, alone.kind(), () -> "the head alone: " + alone);
        for (int prefix = length - 1; prefix >= 0; prefix -= prefixStep(length)) {
            ParseResult partial = parser.parse(ByteBuffer.wrap(input, 0, prefix).slice());
            int at = prefix;
            assertSame(ParseResult.incomplete(), partial, () -> "prefix of " + at + " bytes: " + partial);
        }

        // Written out again the canonical way, the head must parse to the same request.
        ParseResult again = ROUND_TRIP.parse(ByteBuffer.wrap(serialize(head)));
        assertEquals(ParseResult.Kind.COMPLETE, again.kind(), () -> "re-parsing the serialized head: " + again);
        RequestHead copy = again.head();
        assertEquals(head.method(), copy.method());
        assertEquals(head.target(), copy.target());
        assertEquals(head.path(), copy.path());
        assertEquals(head.query(), copy.query());
        assertEquals(head.version(), copy.version());
        assertEquals(head.headers().toString(), copy.headers().toString());
        assertEquals(head.framing(), copy.framing());
        assertEquals(head.contentLength(), copy.contentLength());
        assertEquals(head.keepAlive(), copy.keepAlive());
        assertEquals(head.expectContinue(), copy.expectContinue());
    }

    /** The framing rules of RFC 9112 section 6, checked from the outside. */
    private static void checkFraming(RequestHead head) {
        HttpHeaders headers = head.headers();
        int lengths = headers.count("Content-Length");
        int codings = headers.count("Transfer-Encoding");
        assertTrue(lengths == 0 || codings == 0, "Content-Length together with Transfer-Encoding");
        assertTrue(lengths <= 1, "more than one Content-Length");
        boolean http11 = head.version().equals("HTTP/1.1");
        int hosts = headers.count("Host");
        assertTrue(http11 ? hosts == 1 : hosts <= 1, hosts + " Host fields in " + head.version());
        switch (head.framing()) {
            case NONE:
                assertEquals(0, lengths + codings, "no framing but framing fields");
                assertEquals(0, head.contentLength());
                break;
            case LENGTH:
                assertEquals(1, lengths);
                assertTrue(head.contentLength() >= 0);
                assertEquals(Long.toString(head.contentLength()),
                        headers.first("Content-Length").replaceFirst("^0+(?=.)", ""), "Content-Length value");
                break;
            case CHUNKED:
                assertTrue(http11, "chunked in HTTP/1.0");
                assertTrue(codings >= 1);
                assertEquals(-1, head.contentLength());
                break;
            default:
                fail("unknown framing " + head.framing());
        }
        assertTrue(!head.expectContinue() || http11, "100-continue for HTTP/1.0");
        assertTrue(head.framing() != BodyFraming.CHUNKED || head.version().equals("HTTP/1.1"));
    }

    private static byte[] serialize(RequestHead head) {
        StringBuilder sb = new StringBuilder();
        sb.append(head.method()).append(' ').append(head.target()).append(' ').append(head.version()).append("\r\n");
        for (int i = 0; i < head.headers().size(); i++) {
            sb.append(head.headers().name(i)).append(": ").append(head.headers().value(i)).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(ISO_8859_1);
    }

    private static void assertSameOutcome(ParseResult expected, ParseResult actual) {
        assertEquals(expected.kind(), actual.kind(), () -> expected + " versus " + actual);
        assertEquals(expected.status(), actual.status());
        assertEquals(expected.reason(), actual.reason());
        if (expected.head() != null) {
            assertEquals(expected.head().target(), actual.head().target());
            assertEquals(expected.head().headLength(), actual.head().headLength());
            assertEquals(expected.head().headers().toString(), actual.head().headers().toString());
        }
    }

    // Every prefix of a short head; a sample of a long one, so a single input stays fast.
    private static int prefixStep(int length) {
        return Math.max(1, length / 64);
    }

    private static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> ByteClasses.isTchar((char) c));
    }
}
