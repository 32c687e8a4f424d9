package io.rebound.parser.internal;

import static io.rebound.parser.internal.ByteClasses.isWhitespace;
import static java.nio.charset.StandardCharsets.ISO_8859_1;

/**
 * {@code field-line = field-name ":" OWS field-value OWS} (RFC 9112 section 5). Whitespace before the colon and
 * line folding are refused, not repaired: intermediaries disagree on how to repair them, and a request that two
 * parsers read differently can smuggle a second request past one of them.
 */
final class FieldLine {

    private FieldLine() {
    }

    /**
     * Parses {@code bytes[from, to)}, one field line without its CRLF, into {@code out[slot]} (the name, as sent)
     * and {@code out[slot + 1]} (the value without surrounding whitespace).
     *
     * @throws Rejection 400 when the line is not a valid field line
     */
    static void parse(byte[] bytes, int from, int to, String[] out, int slot) {
        if (isWhitespace(bytes[from])) {
            throw Rejection.badRequest("header line starts with whitespace (obs-fold is not accepted): "
                    + LogSnippet.quote(bytes, from, to));
        }
        int colon = from;
        while (colon < to && ByteClasses.isTchar(bytes[colon])) {
            colon++;
        }
        if (colon == to) {
            throw Rejection.badRequest("header line without colon: " + LogSnippet.quote(bytes, from, to));
        }
        if (bytes[colon] != ':') {
            throw Rejection.badRequest((isWhitespace(bytes[colon]) ? "whitespace" : "invalid byte")
                    + " in header field name " + LogSnippet.quote(bytes, from, to));
        }
        if (colon == from) {
            throw Rejection.badRequest("empty header field name: " + LogSnippet.quote(bytes, from, to));
        }
        int valueStart = colon + 1;
        int valueEnd = to;
        while (valueStart < valueEnd && isWhitespace(bytes[valueStart])) {
            valueStart++;
        }
        while (valueEnd > valueStart && isWhitespace(bytes[valueEnd - 1])) {
            valueEnd--;
        }
        for (int i = valueStart; i < valueEnd; i++) {
            if (!ByteClasses.isFieldValueByte(bytes[i])) {
                throw Rejection.badRequest("control byte in header field " + LogSnippet.quote(bytes, from, colon)
                        + ": " + LogSnippet.quote(bytes, valueStart, valueEnd));
            }
        }
        out[slot] = new String(bytes, from, colon - from, ISO_8859_1);
        out[slot + 1] = valueStart == valueEnd ? "" : new String(bytes, valueStart, valueEnd - valueStart, ISO_8859_1);
    }
}
