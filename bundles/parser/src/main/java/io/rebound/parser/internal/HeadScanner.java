package io.rebound.parser.internal;

import static io.rebound.parser.internal.ByteClasses.CR;
import static io.rebound.parser.internal.ByteClasses.LF;

import java.nio.ByteBuffer;

/**
 * Finds the end of a request head without parsing it: the connector calls the parser again each time more bytes
 * arrive, so an incomplete head must cost one pass over its line breaks and nothing else. This pass also enforces
 * every size limit and the CRLF-only line ending rule, so an oversized or badly delimited head is refused as soon
 * as it shows, before it is complete.
 */
final class HeadScanner {

    /**
     * How many empty lines may come before the request line. RFC 9112 section 2.2 asks servers to skip at least
     * one (some clients send a CRLF after a POST body); a few more cost nothing, an endless stream of them would.
     */
    static final int MAX_LEADING_EMPTY_LINES = 4;

    private static final int RAN_OUT = -1;

    private HeadScanner() {
    }

    /**
     * Scans {@code input} from its position to its limit without moving either.
     *
     * @return where the head lies; {@linkplain HeadExtent#complete() incomplete} when only its request line is
     *         there; {@code null} when not even that is there yet. Either kind of incomplete result means the
     *         limits still allow more bytes.
     * @throws Rejection when the input breaks a limit (414, 431) or holds a bare CR or LF (400)
     */
    static HeadExtent scan(ByteBuffer input, ParserLimits limits) {
        int base = input.position();
        int available = input.remaining();
        // Never look past the longest acceptable head: whatever lies beyond it cannot belong to a valid one.
        int end = Math.min(available, limits.maxHeadLength());

        int i = 0;
        int emptyLines = 0;
        while (i < end && input.get(base + i) == CR) {
            i = afterCrlf(input, base, i, end, "before the request line");
            if (i == RAN_OUT) {
                return ranOut(available, limits);
            }
            if (++emptyLines > MAX_LEADING_EMPTY_LINES) {
                throw Rejection.badRequest("more than " + MAX_LEADING_EMPTY_LINES
                        + " empty lines before the request line");
            }
        }

        int requestLineStart = i;
        // The CR may sit right after maxRequestLine bytes; one more byte without it means the line is too long.
        long lineLimit = (long) requestLineStart + limits.maxRequestLine() + 1;
        int requestLineEnd = findLineBreak(input, base, requestLineStart, (int) Math.min(lineLimit, end));
        if (requestLineEnd < 0) {
            if (lineLimit <= end) {
                throw new Rejection(414, "request line longer than " + limits.maxRequestLine() + " bytes");
            }
            return ranOut(available, limits);
        }
        i = afterCrlf(input, base, requestLineEnd, end, "in the request line");
        if (i == RAN_OUT) {
            return ranOut(available, limits);
        }
        int fieldCount = 0;
        while (i != RAN_OUT && i < end) {
            if (input.get(base + i) == CR) {
                int headLength = afterCrlf(input, base, i, end, "in the empty line ending the head");
                if (headLength == RAN_OUT) {
                    break;
                }
                return new HeadExtent(requestLineStart, requestLineEnd, fieldCount, headLength);
            }
            if (++fieldCount > limits.maxHeaderCount()) {
                throw new Rejection(431, "more than " + limits.maxHeaderCount() + " header fields");
            }
            int lineEnd = findLineBreak(input, base, i, end);
            if (lineEnd < 0) {
                break;
            }
            i = afterCrlf(input, base, lineEnd, end, "in header field " + fieldCount);
        }
        // The request line can be judged already: a client that sends a bad one (an HTTP/0.9 request, an HTTP/2
        // preface) may be waiting for an answer rather than sending more.
        ranOut(available, limits);
        return HeadExtent.requestLineOnly(requestLineStart, requestLineEnd);
    }

    /** @return the index of the first CR or LF in {@code [from, to)}, or -1 */
    private static int findLineBreak(ByteBuffer input, int base, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = input.get(base + i);
            if (b == CR || b == LF) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param at the index of a CR or LF
     * @return the index after the CRLF at {@code at}, or {@link #RAN_OUT} when its LF is not there yet
     * @throws Rejection when the break is a bare LF or a CR followed by something else
     */
    private static int afterCrlf(ByteBuffer input, int base, int at, int end, String where) {
        if (input.get(base + at) == LF) {
            throw Rejection.badRequest("bare LF " + where + " at byte " + at);
        }
        if (at + 1 >= end) {
            return RAN_OUT;
        }
        if (input.get(base + at + 1) != LF) {
            throw Rejection.badRequest("bare CR " + where + " at byte " + at);
        }
        return at + 2;
    }

    /** The head is not complete in the bytes examined: either wait for more, or the head limit is reached. */
    private static HeadExtent ranOut(int available, ParserLimits limits) {
        if (available >= limits.maxHeadLength()) {
            throw new Rejection(431, "request head longer than " + limits.maxHeadLength() + " bytes");
        }
        return null;
    }
}
