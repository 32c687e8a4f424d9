package io.rebound.connector.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

import io.rebound.http.api.HttpStatus;

/**
 * Base of the request body streams: reads through the {@link ConnectionInput}, sends the pending
 * {@code 100 Continue} before the first byte is waited for, and turns a stalled client into a 408.
 */
abstract class RequestBody extends InputStream {

    final ConnectionInput input;
    private final long timeoutNanos;
    private Runnable beforeFirstWait;
    private boolean finished;
    private boolean touched;

    RequestBody(ConnectionInput input, long timeoutNanos, Runnable beforeFirstWait) {
        this.input = input;
        this.timeoutNanos = timeoutNanos;
        this.beforeFirstWait = beforeFirstWait;
    }

    /** @return whether the whole body has been consumed, so the connection can carry another request */
    final boolean finished() {
        return finished;
    }

    /** @return body bytes not yet read when the framing tells in advance, otherwise -1 */
    long knownRemaining() {
        return finished ? 0 : -1;
    }

    final void markFinished() {
        finished = true;
    }

    /** @return whether the handler read anything of the body (a request whose body was read cannot be replayed) */
    final boolean touched() {
        return touched;
    }

    /** Makes sure at least one byte is buffered; fails if the stream ends first. */
    final void require() throws IOException {
        touched = true;
        if (input.hasRemaining()) {
            return;
        }
        if (beforeFirstWait != null) {
            Runnable r = beforeFirstWait;
            beforeFirstWait = null;
            r.run();
        }
        int n;
        try {
            n = input.fill(System.nanoTime() + timeoutNanos);
        } catch (SocketTimeoutException e) {
            throw new RequestBodyException(HttpStatus.REQUEST_TIMEOUT, "request body stalled");
        }
        if (n < 0) {
            throw new RequestBodyException(HttpStatus.BAD_REQUEST, "connection closed inside the request body");
        }
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    /**
     * Reads and drops what is left of the body, up to {@code limit} bytes.
     *
     * @return whether the body ended within the limit
     */
    final boolean discard(long limit) throws IOException {
        byte[] scratch = new byte[8192];
        long total = 0;
        while (!finished) {
            int n = read(scratch, 0, scratch.length);
            if (n < 0) {
                return true;
            }
            total += n;
            if (total > limit) {
                return false;
            }
        }
        return true;
    }

    /** The body of a request without one. */
    static final class Empty extends RequestBody {

        Empty(ConnectionInput input) {
            super(input, 0, null);
            markFinished();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return -1;
        }
    }
}
