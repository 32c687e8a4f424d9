package io.rebound.connector.internal;

import java.io.IOException;
import java.util.Objects;

/** A body of exactly {@code Content-Length} bytes. */
final class FixedLengthBody extends RequestBody {

    private long remaining;

    FixedLengthBody(ConnectionInput input, long length, BodyPace pace, Runnable beforeFirstWait) {
        super(input, pace, beforeFirstWait);
        this.remaining = length;
        if (length == 0) {
            markFinished();
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (remaining == 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        require();
        int n = input.take(b, off, (int) Math.min(len, remaining));
        remaining -= n;
        if (remaining == 0) {
            markFinished();
        }
        return n;
    }

    @Override
    long knownRemaining() {
        return remaining;
    }

    @Override
    public int available() {
        return (int) Math.min(remaining, input.buffer().remaining());
    }
}
