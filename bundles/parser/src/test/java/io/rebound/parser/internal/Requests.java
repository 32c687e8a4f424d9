package io.rebound.parser.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;

import io.rebound.http.spi.ParseResult;
import io.rebound.http.spi.RequestHead;

/** Builds raw requests and parses them with a parser of default limits, for the tests. */
final class Requests {

    static final Http11RequestParser DEFAULT_PARSER = new Http11RequestParser(ParserLimits.DEFAULTS);

    private Requests() {
    }

    /** @return the lines joined by CRLF, each ended by CRLF, followed by the empty line that ends a head */
    static String head(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** @return {@code text} as one byte per char (every char must be below 256) in a heap buffer */
    static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(ISO_8859_1));
    }

    static ParseResult parse(String raw) {
        return DEFAULT_PARSER.parse(bytes(raw));
    }

    /** Parses {@code raw}, which must hold a complete valid head, and returns it. */
    static RequestHead complete(String raw) {
        return complete(DEFAULT_PARSER, raw);
    }

    static RequestHead complete(Http11RequestParser parser, String raw) {
        ParseResult result = parser.parse(bytes(raw));
        if (result.kind() != ParseResult.Kind.COMPLETE) {
            fail("expected a complete head, got " + result + " for " + printable(raw));
        }
        return result.head();
    }

    /** Parses {@code raw}, which must be rejected, and returns the rejection. */
    static ParseResult rejected(Http11RequestParser parser, String raw, int status) {
        ParseResult result = parser.parse(bytes(raw));
        assertEquals(ParseResult.Kind.REJECTED, result.kind(), () -> "for " + printable(raw) + ": " + result);
        assertEquals(status, result.status(), () -> "for " + printable(raw) + ": " + result);
        return result;
    }

    static ParseResult rejected(String raw, int status) {
        return rejected(DEFAULT_PARSER, raw, status);
    }

    static void incomplete(Http11RequestParser parser, String raw) {
        ParseResult result = parser.parse(bytes(raw));
        assertEquals(ParseResult.Kind.INCOMPLETE, result.kind(), () -> "for " + printable(raw) + ": " + result);
    }

    /** @return {@code raw} with CR, LF and other control chars made visible, for failure messages */
    static String printable(String raw) {
        StringBuilder sb = new StringBuilder();
        for (char c : raw.toCharArray()) {
            if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || c >= 0x7F) {
                sb.append(String.format("\\x%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
