package io.rebound.parser.internal;

import static io.rebound.parser.internal.Requests.complete;
import static io.rebound.parser.internal.Requests.head;
import static io.rebound.parser.internal.Requests.incomplete;
import static io.rebound.parser.internal.Requests.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rebound.http.spi.RequestHead;

import org.junit.jupiter.api.Test;

class ParserLimitsTest {

    private static final int REQUEST_LINE = 64;
    private static final int HEADER_COUNT = 4;
    private static final int HEAD_LENGTH = 256;

    private final Http11RequestParser parser =
            new Http11RequestParser(new ParserLimits(REQUEST_LINE, HEADER_COUNT, HEAD_LENGTH));

    /** @return {@code GET /aaa... HTTP/1.1} exactly {@code length} bytes long */
    private static String requestLineOf(int length) {
        String frame = "GET / HTTP/1.1";
        return "GET /" + "a".repeat(length - frame.length()) + " HTTP/1.1";
    }

    @Test
    void defaultsAreThoseDocumented() {
        assertEquals(new ParserLimits(8192, 100, 16384), ParserLimits.DEFAULTS);
        assertEquals(16384, Requests.DEFAULT_PARSER.maxHeadLength());
    }

    @Test
    void requestLineAtTheLimitIsAccepted() {
        String line = requestLineOf(REQUEST_LINE);
        assertEquals(REQUEST_LINE, line.length());
        RequestHead head = complete(parser, head(line, "Host: a"));
        assertEquals(line.substring(4, line.length() - 9), head.target());
    }

    @Test
    void requestLineOneOverTheLimitIs414() {
        rejected(parser, head(requestLineOf(REQUEST_LINE + 1), "Host: a"), 414);
    }

    @Test
    void requestLineWithoutCrlfIs414AsSoonAsItExceedsTheLimit() {
        String line = requestLineOf(REQUEST_LINE + 1);
        incomplete(parser, line.substring(0, REQUEST_LINE));
        rejected(parser, line, 414);
        // A line at the limit whose CR arrived but not yet its LF is still acceptable.
        incomplete(parser, requestLineOf(REQUEST_LINE) + "\r");
        incomplete(parser, requestLineOf(REQUEST_LINE));
    }

    @Test
    void leadingEmptyLinesDoNotCountTowardsTheRequestLine() {
        complete(parser, "\r\n\r\n" + head(requestLineOf(REQUEST_LINE), "Host: a"));
    }

    @Test
    void headerCountAtTheLimitIsAccepted() {
        RequestHead head = complete(parser, head("GET / HTTP/1.1", "Host: a", "B: 2", "C: 3", "D: 4"));
        assertEquals(HEADER_COUNT, head.headers().size());
    }

    @Test
    void headerCountOneOverTheLimitIs431() {
        rejected(parser, head("GET / HTTP/1.1", "Host: a", "B: 2", "C: 3", "D: 4", "E: 5"), 431);
    }

    @Test
    void headerCountIsRefusedAsSoonAsTheExtraFieldStarts() {
        String fourFields = "GET / HTTP/1.1\r\nHost: a\r\nB: 2\r\nC: 3\r\nD: 4\r\n";
        incomplete(parser, fourFields);
        rejected(parser, fourFields + "E", 431);
    }

    /** @return a complete head of exactly {@code length} bytes, padded in a field value */
    private static String headOf(int length) {
        String frame = head("GET / HTTP/1.1", "Host: a", "X-Pad: ");
        return head("GET / HTTP/1.1", "Host: a", "X-Pad: " + "p".repeat(length - frame.length()));
    }

    @Test
    void headAtTheLimitIsAccepted() {
        String raw = headOf(HEAD_LENGTH);
        assertEquals(HEAD_LENGTH, raw.length());
        assertEquals(HEAD_LENGTH, complete(parser, raw).headLength());
    }

    @Test
    void headAtTheLimitIsAcceptedWithMoreBytesAfterIt() {
        assertEquals(HEAD_LENGTH, complete(parser, headOf(HEAD_LENGTH) + "body bytes").headLength());
    }

    @Test
    void headOneOverTheLimitIs431() {
        rejected(parser, headOf(HEAD_LENGTH + 1), 431);
        rejected(parser, headOf(HEAD_LENGTH + 1) + "more", 431);
    }

    @Test
    void incompleteHeadIs431OnceItFillsTheLimit() {
        String raw = headOf(HEAD_LENGTH + 1);
        incomplete(parser, raw.substring(0, HEAD_LENGTH - 1));
        rejected(parser, raw.substring(0, HEAD_LENGTH), 431);
        // Only the final LF is missing, and it would end the head exactly at the limit: wait for it.
        incomplete(parser, headOf(HEAD_LENGTH).substring(0, HEAD_LENGTH - 1));
    }

    @Test
    void leadingEmptyLinesCountTowardsTheHeadLength() {
        String raw = headOf(HEAD_LENGTH - 2);
        assertEquals(HEAD_LENGTH, complete(parser, "\r\n" + raw).headLength());
        rejected(parser, "\r\n\r\n" + raw, 431);
    }

    @Test
    void headLimitMayEqualTheRequestLineLimit() {
        Http11RequestParser tight = new Http11RequestParser(new ParserLimits(32, 10, 32));
        String raw = head("GET / HTTP/1.1", "Host: a");
        assertEquals(raw.length(), complete(tight, raw).headLength());
        rejected(tight, head("GET / HTTP/1.1", "Host: abcdefghijk"), 431);
    }

    @Test
    void rejectsLimitsThatAreNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> new ParserLimits(0, 100, 16384));
        assertThrows(IllegalArgumentException.class, () -> new ParserLimits(8192, 0, 16384));
        assertThrows(IllegalArgumentException.class, () -> new ParserLimits(8192, 100, 0));
        assertThrows(IllegalArgumentException.class, () -> new ParserLimits(-1, 100, 16384));
        assertThrows(IllegalArgumentException.class, () -> new ParserLimits(8192, -5, 16384));
        assertThrows(IllegalArgumentException.class, () -> new ParserLimits(8192, 100, Integer.MIN_VALUE));
    }

    @Test
    void rejectsHeadLimitBelowRequestLineLimit() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ParserLimits(8192, 100, 8191));
        assertTrue(e.getMessage().contains("8191") && e.getMessage().contains("8192"), e.getMessage());
        assertEquals(8192, new ParserLimits(8192, 100, 8192).maxHeadLength());
    }

    @Test
    void hugeRequestLineLimitDoesNotOverflow() {
        Http11RequestParser wide =
                new Http11RequestParser(new ParserLimits(Integer.MAX_VALUE, 100, Integer.MAX_VALUE));
        incomplete(wide, "GET /" + "a".repeat(1000));
        complete(wide, "\r\n" + head("GET / HTTP/1.1", "Host: a"));
    }
}
