package io.rebound.parser.internal;

import static io.rebound.parser.internal.ByteClasses.isTchar;

import java.util.List;

import io.rebound.http.api.HttpHeaders;
import io.rebound.http.spi.BodyFraming;

/**
 * Decides the body framing of a request from its Transfer-Encoding and Content-Length fields (RFC 9112 sections
 * 6.1 to 6.3). Every ambiguity is refused rather than resolved, because a proxy in front of us may have resolved it
 * the other way; that mismatch is request smuggling.
 */
final class FramingRules {

    static final String TRANSFER_ENCODING = "Transfer-Encoding";
    static final String CONTENT_LENGTH = "Content-Length";

    private FramingRules() {
    }

    /**
     * @param http10 whether the request is HTTP/1.0, which has no Transfer-Encoding
     * @throws Rejection 400 for conflicting or malformed framing, 501 for a transfer coding other than chunked
     */
    static Framing decide(HttpHeaders headers, boolean http10) {
        List<String> codings = headers.all(TRANSFER_ENCODING);
        int lengths = headers.count(CONTENT_LENGTH);
        if (!codings.isEmpty()) {
            if (lengths > 0) {
                throw Rejection.badRequest("both Transfer-Encoding and Content-Length");
            }
            if (http10) {
                throw Rejection.badRequest("Transfer-Encoding in an HTTP/1.0 request");
            }
            return chunked(codings);
        }
        if (lengths == 0) {
            return Framing.NONE;
        }
        if (lengths > 1) {
            throw Rejection.badRequest("more than one Content-Length field");
        }
        return new Framing(BodyFraming.LENGTH, contentLength(headers.first(CONTENT_LENGTH)));
    }

    /** The codings of every Transfer-Encoding field, in order, must end with exactly one {@code chunked}. */
    private static Framing chunked(List<String> fieldValues) {
        int chunkedCount = 0;
        boolean chunkedLast = false;
        String unsupported = null;
        for (String value : fieldValues) {
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                String coding = trimWhitespace(value.substring(start, end));
                if (coding.isEmpty()) {
                    throw Rejection.badRequest("empty element in Transfer-Encoding " + LogSnippet.quote(value));
                }
                if (coding.equalsIgnoreCase("chunked")) {
                    chunkedCount++;
                    chunkedLast = true;
                } else {
                    requireCodingSyntax(coding, value);
                    chunkedLast = false;
                    if (unsupported == null) {
                        unsupported = coding;
                    }
                }
                start = end + 1;
            }
        }
        if (chunkedCount > 1) {
            throw Rejection.badRequest("chunked applied more than once in Transfer-Encoding");
        }
        if (!chunkedLast) {
            // Without chunked last the body could only end when the connection does, which a request cannot do.
            throw Rejection.badRequest("chunked is not the final transfer coding");
        }
        if (unsupported != null) {
            throw new Rejection(501, "unsupported transfer coding " + LogSnippet.quote(unsupported));
        }
        return Framing.CHUNKED;
    }

    /** transfer-coding = token *( OWS ";" OWS transfer-parameter ); the parameters do not matter to us. */
    private static void requireCodingSyntax(String coding, String fieldValue) {
        int semicolon = coding.indexOf(';');
        String name = trimWhitespace(semicolon < 0 ? coding : coding.substring(0, semicolon));
        if (name.isEmpty()) {
            throw Rejection.badRequest("malformed Transfer-Encoding " + LogSnippet.quote(fieldValue));
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTchar(name.charAt(i))) {
                throw Rejection.badRequest("malformed Transfer-Encoding " + LogSnippet.quote(fieldValue));
            }
        }
    }

    /** Trims OWS (SP and HTAB) only: String.strip would also remove bytes the grammar does not call whitespace. */
    private static String trimWhitespace(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    /** Content-Length = 1*DIGIT: no sign, no inner spaces, no list, and it must fit a long. */
    private static long contentLength(String value) {
        if (value.isEmpty()) {
            throw Rejection.badRequest("empty Content-Length");
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw Rejection.badRequest("Content-Length is not a decimal number: " + LogSnippet.quote(value));
            }
            int digit = c - '0';
            if (length > (Long.MAX_VALUE - digit) / 10) {
                throw Rejection.badRequest("Content-Length too large: " + LogSnippet.quote(value));
            }
            length = length * 10 + digit;
        }
        return length;
    }
}
