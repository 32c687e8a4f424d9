package io.rebound.files.internal;

import java.util.Locale;

/**
 * What a {@code Range} header asks of a file (RFC 9110 section 14.2). Only a single range is served; a request for
 * several, or one this server cannot read, gets the whole file, which the RFC allows a server to send instead.
 */
final class RangeRequest {

    /** How to answer. */
    enum Kind {
        /** Send the whole file (no Range, several ranges, or a malformed one). */
        WHOLE,
        /** Send {@link #range()} as 206. */
        PARTIAL,
        /** Answer 416: the range is well-formed but starts beyond the end. */
        UNSATISFIABLE
    }

    private static final RangeRequest WHOLE = new RangeRequest(Kind.WHOLE, null);
    private static final RangeRequest UNSATISFIABLE = new RangeRequest(Kind.UNSATISFIABLE, null);

    private final Kind kind;
    private final ByteRange range;

    private RangeRequest(Kind kind, ByteRange range) {
        this.kind = kind;
        this.range = range;
    }

    /**
     * @param header the Range field value, or {@code null} when there is none
     * @param size the file's size in bytes
     */
    static RangeRequest parse(String header, long size) {
        if (header == null) {
            return WHOLE;
        }
        int equals = header.indexOf('=');
        if (equals < 0 || !header.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return WHOLE;
        }
        String spec = header.substring(equals + 1).trim();
        if (spec.indexOf(',') >= 0) {
            return WHOLE;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return WHOLE;
        }
        String firstText = spec.substring(0, dash);
        String lastText = spec.substring(dash + 1);
        if (firstText.isEmpty()) {
            return suffix(lastText, size);
        }
        long first = digits(firstText);
        long last = lastText.isEmpty() ? Long.MAX_VALUE : digits(lastText);
        if (first < 0 || last < 0 || last < first) {
            return WHOLE;
        }
        if (first >= size) {
            return UNSATISFIABLE;
        }
        return new RangeRequest(Kind.PARTIAL, new ByteRange(first, Math.min(last, size - 1)));
    }

    Kind kind() {
        return kind;
    }

    /** @return the range of a {@link Kind#PARTIAL} request, otherwise {@code null} */
    ByteRange range() {
        return range;
    }

    // "-n": the last n bytes; all of them when the file is shorter.
    private static RangeRequest suffix(String lengthText, long size) {
        long length = digits(lengthText);
        if (length < 0) {
            return WHOLE;
        }
        if (length == 0 || size == 0) {
            return UNSATISFIABLE;
        }
        return new RangeRequest(Kind.PARTIAL, new ByteRange(Math.max(0, size - length), size - 1));
    }

    /** @return the value of a non-empty run of ASCII digits, saturating at Long.MAX_VALUE; -1 if not one */
    private static long digits(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}
