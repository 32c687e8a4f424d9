package io.rebound.parser.internal;

import static io.rebound.parser.internal.ByteClasses.SP;
import static java.nio.charset.StandardCharsets.ISO_8859_1;

/**
 * {@code request-line = method SP request-target SP HTTP-version} (RFC 9112 section 3), with exactly one space
 * between the parts: lenient whitespace handling is where request smuggling starts.
 *
 * @param method the method token
 * @param target the request-target as sent
 * @param path its path part, still percent-encoded
 * @param query its query part, or {@code null}
 * @param version {@link #HTTP_1_1} or {@link #HTTP_1_0}
 */
record RequestLine(String method, String target, String path, String query, String version) {

    static final String HTTP_1_1 = "HTTP/1.1";
    static final String HTTP_1_0 = "HTTP/1.0";

    private static final int VERSION_LENGTH = HTTP_1_1.length();

    /**
     * Parses {@code bytes[from, to)}, the request line without its CRLF.
     *
     * @throws Rejection 505 for a well-formed version other than 1.1 and 1.0, 400 for anything else wrong
     */
    static RequestLine parse(byte[] bytes, int from, int to) {
        int methodEnd = from;
        while (methodEnd < to && ByteClasses.isTchar(bytes[methodEnd])) {
            methodEnd++;
        }
        if (methodEnd == from || (methodEnd < to && bytes[methodEnd] != SP)) {
            throw Rejection.badRequest("request line does not start with a method token followed by SP: "
                    + LogSnippet.quote(bytes, from, to));
        }
        int targetStart = methodEnd + 1;
        int targetEnd = targetStart;
        while (targetEnd < to && bytes[targetEnd] != SP) {
            targetEnd++;
        }
        if (methodEnd == to || targetEnd == targetStart || targetEnd == to) {
            throw Rejection.badRequest("request line is not method SP target SP version: "
                    + LogSnippet.quote(bytes, from, to));
        }
        // The version is judged before the target so that, for example, an HTTP/2 preface gets 505, not 400.
        String version = version(bytes, targetEnd + 1, to);
        for (int i = targetStart; i < targetEnd; i++) {
            if (!ByteClasses.isVisibleAscii(bytes[i]) || bytes[i] == '#') {
                throw Rejection.badRequest((bytes[i] == '#' ? "fragment" : "invalid byte")
                        + " in request-target " + LogSnippet.quote(bytes, targetStart, targetEnd));
            }
        }
        String method = new String(bytes, from, methodEnd - from, ISO_8859_1);
        String target = new String(bytes, targetStart, targetEnd - targetStart, ISO_8859_1);
        RequestTarget parts = RequestTarget.parse(method, target);
        return new RequestLine(method, target, parts.path(), parts.query(), version);
    }

    /** HTTP-version = "HTTP" "/" DIGIT "." DIGIT; the name is case-sensitive. */
    private static String version(byte[] bytes, int from, int to) {
        boolean wellFormed = to - from == VERSION_LENGTH
                && bytes[from] == 'H' && bytes[from + 1] == 'T' && bytes[from + 2] == 'T' && bytes[from + 3] == 'P'
                && bytes[from + 4] == '/' && isDigit(bytes[from + 5]) && bytes[from + 6] == '.'
                && isDigit(bytes[from + 7]);
        if (!wellFormed) {
            throw Rejection.badRequest("malformed HTTP version " + LogSnippet.quote(bytes, from, to));
        }
        if (bytes[from + 5] == '1' && bytes[from + 7] == '1') {
            return HTTP_1_1;
        }
        if (bytes[from + 5] == '1' && bytes[from + 7] == '0') {
            return HTTP_1_0;
        }
        throw new Rejection(505, "unsupported HTTP version " + LogSnippet.quote(bytes, from, to));
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
