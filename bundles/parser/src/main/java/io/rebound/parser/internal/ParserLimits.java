package io.rebound.parser.internal;

/**
 * How much of a request head the parser accepts before it rejects the request.
 *
 * @param maxRequestLine the longest request line, in bytes, without its CRLF (longer: 414)
 * @param maxHeaderCount the most header fields (more: 431)
 * @param maxHeadLength the longest head, in bytes, from its first byte to the end of the empty line that ends it,
 *        including any empty lines before the request line (longer: 431)
 */
public record ParserLimits(int maxRequestLine, int maxHeaderCount, int maxHeadLength) {

    public static final int DEFAULT_MAX_REQUEST_LINE = 8192;
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;
    public static final int DEFAULT_MAX_HEAD_LENGTH = 16384;

    /** The limits used when nothing is configured. */
    public static final ParserLimits DEFAULTS =
            new ParserLimits(DEFAULT_MAX_REQUEST_LINE, DEFAULT_MAX_HEADER_COUNT, DEFAULT_MAX_HEAD_LENGTH);

    /** @throws IllegalArgumentException when a limit is not positive or the head could not hold a request line */
    public ParserLimits {
        requirePositive("max request line", maxRequestLine);
        requirePositive("max header count", maxHeaderCount);
        requirePositive("max head length", maxHeadLength);
        if (maxHeadLength < maxRequestLine) {
            throw new IllegalArgumentException("max head length (" + maxHeadLength
                    + ") must be at least the max request line (" + maxRequestLine + ")");
        }
    }

    private static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
