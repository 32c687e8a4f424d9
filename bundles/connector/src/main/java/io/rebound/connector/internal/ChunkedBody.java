package io.rebound.connector.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import io.rebound.http.api.HttpStatus;

/**
 * A body in the chunked transfer coding (RFC 9112 section 7.1), decoded strictly: hex sizes without sign or
 * overflow, CRLF line ends only, chunk extensions and trailer fields read and dropped within a size limit.
 */
final class ChunkedBody extends RequestBody {

    // Longest chunk-size line (size + extensions) and trailer section we accept.
    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILER = 8192;

    private enum State { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER, TRAILER_LF, DONE }

    private final long maxBytes;
    private State state = State.SIZE;
    private long chunkRemaining;
    private long total;
    private int lineLength;
    private int sizeDigits;
    private int trailerBytes;
    private boolean trailerLineEmpty = true;

    ChunkedBody(ConnectionInput input, long maxBytes, long timeoutNanos, Runnable beforeFirstWait) {
        super(input, timeoutNanos, beforeFirstWait);
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
                case EXTENSION:
                    line();
                    if (c == '\r') {
                        state = State.SIZE_LF;
                    } else if (c != '\t' && (c < 0x20 || c == 0x7F)) {
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
                    state = chunkRemaining == 0 ? State.TRAILER : State.DATA;
                    break;
                case DATA_CR:
                    expect(c, '\r', "chunk data not followed by CRLF");
                    state = State.DATA_LF;
                    break;
                case DATA_LF:
                    expect(c, '\n', "chunk data not followed by CRLF");
                    state = State.SIZE;
                    break;
                case TRAILER:
                    if (++trailerBytes > MAX_TRAILER) {
                        throw new RequestBodyException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                                "chunked trailer section too large");
                    }
                    if (c == '\r') {
                        state = State.TRAILER_LF;
                    } else if (c != '\t' && (c < 0x20 || c == 0x7F)) {
                        throw bad("control character in a trailer field");
                    } else {
                        trailerLineEmpty = false;
                    }
                    break;
                case TRAILER_LF:
                    expect(c, '\n', "trailer line not ended by CRLF");
                    if (trailerLineEmpty) {
                        state = State.DONE;
                        markFinished();
                    } else {
                        trailerLineEmpty = true;
                        state = State.TRAILER;
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
            if (++sizeDigits > 15) {
                throw bad("chunk size too large");
            }
            chunkRemaining = chunkRemaining * 16 + digit;
            return;
        }
        if (sizeDigits == 0) {
            throw bad("chunk size is not hexadecimal");
        }
        total += chunkRemaining;
        if (total > maxBytes) {
            throw new RequestBodyException(HttpStatus.CONTENT_TOO_LARGE,
                    "request body over the limit of " + maxBytes + " bytes");
        }
        if (c == ';' || c == ' ' || c == '\t') {
            state = State.EXTENSION;
        } else if (c == '\r') {
            state = State.SIZE_LF;
        } else {
            throw bad("unexpected character after the chunk size");
        }
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
