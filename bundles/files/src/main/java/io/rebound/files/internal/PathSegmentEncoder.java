package io.rebound.files.internal;

import java.nio.charset.StandardCharsets;

/** Percent-encodes one decoded path segment for a {@code Location} header (RFC 3986 {@code segment}). */
final class PathSegmentEncoder {

    private static final String ALLOWED = "-._~!$&'()*+,;=:@";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegmentEncoder() {
    }

    static void append(StringBuilder sb, String segment) {
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || ALLOWED.indexOf(c) >= 0)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }
}
