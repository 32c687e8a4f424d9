package io.rebound.connector.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import io.rebound.http.api.HttpStatus;

/**
 * A body in the chunked transfer coding (RFC 9112 section 7.1), decoded strictly: hex sizes without sign or
 * overflow, CRLF line ends only, chunk extensions and trailer fields read and dropped within a size limit.
 * Trailer fields are checked for field-line syntax and then dropped, never merged into the header section, so a
 * framing field in a trailer ({@code Content-Length}, {@code Transfer-Encoding}) cannot change anything.
 */
final class ChunkedBody extends RequestBody {

    // Longest chunk-size line (size + extensions) and trailer section we accept.
    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILER = 8192;

    private enum State {
        SIZE, SIZE_WHITESPACE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_NAME, TRAILER_VALUE, TRAILER_LF,
        DONE
    }

    // The largest chunk size that can take one more hex digit without overflowing.
    private static final long MAX_BEFORE_DIGIT = Long.MAX_VALUE >> 4;
    private static final String TOKEN_MARKS = "!#$%&'*+-.^_`|~";

    private final long maxBytes;
    private State state = State.SIZE;
    private long chunkRemaining;
    private long total;
    private int lineLength;
    private int sizeDigits;
    private int trailerBytes;
    private boolean trailerLineEmpty = true;

    ChunkedBody(ConnectionInput input, long maxBytes, BodyPace pace, Runnable beforeFirstWait) {
        super(input, pace, beforeFirstWait);
        this.maxBytes = maxBytes;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (state != State.DATA) {
            if (state == State.DONE) {
                return -1;
            }
            require();
            advance(input.buffer());
        }
        require();
        int n = input.take(b, off, (int) Math.min(len, chunkRemaining));
        chunkRemaining -= n;
        if (chunkRemaining == 0) {
            state = State.DATA_CR;
        }
        return n;
    }

    /** Consumes framing bytes until data, the end, or the buffer runs dry. */
    private void advance(ByteBuffer buf) throws RequestBodyException {
        while (buf.hasRemaining() && state != State.DATA && state != State.DONE) {
            byte c = buf.get();
            switch (state) {
                case SIZE:
                    sizeByte(c);
                    break;
                case SIZE_WHITESPACE:
                    // chunk-ext = *( BWS ";" ... ): whitespace after the size may only lead to an extension.
                    line();
                    if (c == ';') {
                        state = State.EXTENSION;
                    } else if (c != ' ' && c != '\t') {
                        throw bad("whitespace after the chunk size not followed by an extension");
                    }
                    break;
                case EXTENSION:
                    line();
                    if (c == '\r') {
                        state = State.SIZE_LF;
                    } else if (isControl(c)) {
                        throw bad("control character in a chunk extension");
                    }
                    break;
                case SIZE_LF:
                    expect(c, '\n', "chunk size line not ended by CRLF");
                    lineLength = 0;
                    if (sizeDigits == 0) {
                        throw bad("chunk size missing");
                    }
                    sizeDigits = 0;
                    state = chunkRemaining == 0 ? State.TRAILER_NAME : State.DATA;
                    break;
                case DATA_CR:
                    expect(c, '\r', "chunk data not followed by CRLF");
                    state = State.DATA_LF;
                    break;
                case DATA_LF:
                    expect(c, '\n', "chunk data not followed by CRLF");
                    state = State.SIZE;
                    break;
                case TRAILER_NAME:
                    trailerByte();
                    if (c == '\r') {
                        if (!trailerLineEmpty) {
                            throw bad("trailer field without a colon");
                        }
                        state = State.TRAILER_LF; // the empty line that ends the body
                    } else if (c == ':' && !trailerLineEmpty) {
                        state = State.TRAILER_VALUE;
                    } else if (isTokenChar(c)) {
                        trailerLineEmpty = false;
                    } else {
                        throw bad(trailerLineEmpty && (c == ' ' || c == '\t') ? "folded trailer line"
                                : "invalid character in a trailer field name");
                    }
                    break;
                case TRAILER_VALUE:
                    trailerByte();
                    if (c == '\r') {
                        state = State.TRAILER_LF;
                    } else if (isControl(c)) {
                        throw bad("control character in a trailer field");
                    }
                    break;
                case TRAILER_LF:
                    expect(c, '\n', "trailer line not ended by CRLF");
                    if (trailerLineEmpty) {
                        state = State.DONE;
                        markFinished();
                    } else {
                        trailerLineEmpty = true;
                        state = State.TRAILER_NAME;
                    }
                    break;
                default:
                    throw new IllegalStateException(state.name());
            }
        }
    }

    private void sizeByte(byte c) throws RequestBodyException {
        line();
        int digit = Character.digit(c, 16);
        if (digit >= 0 && c < 0x80) {
            // Leading zeros are legal and harmless; only the value must fit.
            if (chunkRemaining > MAX_BEFORE_DIGIT) {
                throw bad("chunk size too large");
            }
            sizeDigits++;
            chunkRemaining = chunkRemaining * 16 + digit;
            return;
        }
        if (sizeDigits == 0) {
            throw bad("chunk size is not hexadecimal");
        }
        // Compared before adding: a sum of huge chunk sizes must not wrap around to below the limit.
        if (chunkRemaining > maxBytes - total) {
            throw new RequestBodyException(HttpStatus.CONTENT_TOO_LARGE,
                    "request body over the limit of " + maxBytes + " bytes");
        }
        total += chunkRemaining;
        if (c == ';') {
            state = State.EXTENSION;
        } else if (c == ' ' || c == '\t') {
            state = State.SIZE_WHITESPACE;
        } else if (c == '\r') {
            state = State.SIZE_LF;
        } else {
            throw bad("unexpected character after the chunk size");
        }
    }

    private void trailerByte() throws RequestBodyException {
        if (++trailerBytes > MAX_TRAILER) {
            throw new RequestBodyException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "chunked trailer section too large");
        }
    }

    /** @return whether {@code c} is a control character (HTAB is not; obs-text bytes 0x80-0xFF are not either) */
    private static boolean isControl(byte c) {
        int b = c & 0xFF;
        return b != '\t' && (b < 0x20 || b == 0x7F);
    }

    private static boolean isTokenChar(byte c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || TOKEN_MARKS.indexOf(c) >= 0;
    }

    private void line() throws RequestBodyException {
        if (++lineLength > MAX_LINE) {
            throw bad("chunk size line too long");
        }
    }

    private static void expect(byte actual, char wanted, String problem) throws RequestBodyException {
        if (actual != wanted) {
            throw bad(problem);
        }
    }

    private static RequestBodyException bad(String problem) {
        return new RequestBodyException(HttpStatus.BAD_REQUEST, "bad chunked body: " + problem);
    }
}
