package io.rebound.parser.internal;

import static io.rebound.parser.internal.Requests.head;
import static io.rebound.parser.internal.Requests.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rejection reasons go to logs: one short line that no client byte can break. */
class RejectionReasonTest {

    private static final int MAX_REASON_LENGTH = 160;

    static Stream<Arguments> hostileRequests() {
        String longJunk = "\u0000\u001B[31m\r\u0085\u00FF".repeat(50);
        return Stream.of(
                Arguments.of("G\u001BT / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of(head("GET /" + "\u0007".repeat(100) + " HTTP/1.1", "Host: a"), 400),
                Arguments.of(head("GET / HTTP/1.1", "Host: a", "X-Evil: a\u0000b\u001B[2J"), 400),
                Arguments.of(head("GET / HTTP/1.1", "Host: a", "X" + longJunk + ": v"), 400),
                Arguments.of(head("GET / HTTP/1.1", "Host: \u00FF" + "x".repeat(200)), 400),
                Arguments.of(head("GET / HTTP/1.1", "Host: a", "Content-Length: " + "\u00E9".repeat(100)), 400),
                Arguments.of(head("GET / HTTP/1.1", "Host: a", "Expect: \u0085" + "\"".repeat(100)), 417),
                Arguments.of(head("GET / HTTP/1.1", "Host: a", "Transfer-Encoding: " + "z".repeat(300)
                        + ", chunked"), 501),
                Arguments.of(head("GET / HTTP/" + "\u00AD".repeat(50), "Host: a"), 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\n\n", 400),
                Arguments.of("GET /" + "\u0001".repeat(20000), 414),
                Arguments.of(head("GET / HTTP/1.1", "X: " + "\u0001".repeat(20000)), 431));
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("hostileRequests")
    void reasonIsOneShortPrintableLine(String raw, int status) {
        String reason = rejected(raw, status).reason();
        assertFalse(reason.isBlank());
        assertTrue(reason.length() <= MAX_REASON_LENGTH, () -> "too long: " + reason);
        for (char c : reason.toCharArray()) {
            assertTrue(c >= 0x20 && c <= 0x7E, () -> "unprintable char in: " + Requests.printable(reason));
        }
    }

    @Test
    void quoteShowsTheOffendingInputEscaped() {
        String reason = rejected(head("GET / HTTP/1.1", "Host: a\u0001b"), 400).reason();
        assertTrue(reason.contains("\"a\\x01b\""), reason);
    }

    @Test
    void quoteIsCutAtFortyCharacters() {
        assertEquals("\"" + "x".repeat(LogSnippet.MAX_CHARS) + "...\"", LogSnippet.quote("x".repeat(100)));
        assertEquals("\"" + "x".repeat(LogSnippet.MAX_CHARS) + "\"", LogSnippet.quote("x".repeat(40)));
        assertEquals("\"\\x00\\\"\\\\\\xFF\"", LogSnippet.quote(new byte[] {0, '"', '\\', (byte) 0xFF}, 0, 4));
        // An escape is never cut in half.
        String quoted = LogSnippet.quote("x".repeat(38) + "\u0001");
        assertEquals("\"" + "x".repeat(38) + "...\"", quoted);
    }
}
