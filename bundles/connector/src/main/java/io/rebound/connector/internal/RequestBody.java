package io.rebound.connector.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

import io.rebound.http.api.HttpStatus;

/**
 * Base of the request body streams: reads through the {@link ConnectionInput}, sends the pending
 * {@code 100 Continue} before the first byte is waited for, and turns a stalled or too slow client into a 408
 * (see {@link BodyPace}).
 */
abstract class RequestBody extends InputStream {

    final ConnectionInput input;
    private final BodyPace pace;
    private Runnable beforeFirstWait;
    private boolean finished;
    private boolean touched;
    // When the first wait for body bytes began, and the bytes received since: what the pace is measured on.
    private boolean waited;
    private long startedAt;
    private long received;
    // While discarding an unread body after the answer: no wait for it goes past discardDeadline.
    private boolean discarding;
    private long discardDeadline;

    RequestBody(ConnectionInput input, BodyPace pace, Runnable beforeFirstWait) {
        this.input = input;
        this.pace = pace;
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
        long now = System.nanoTime();
        if (!waited) {
            waited = true;
            startedAt = now;
        }
        long deadline = pace.deadline(now, startedAt, received);
        boolean cutByDiscard = discarding && discardDeadline - deadline < 0;
        int n;
        try {
            n = input.fill(cutByDiscard ? discardDeadline : deadline);
        } catch (SocketTimeoutException e) {
            if (cutByDiscard) {
                throw new DiscardCutShort();
            }
            throw new RequestBodyException(HttpStatus.REQUEST_TIMEOUT, pace.rateBound(now, deadline)
                    ? "request body arriving slower than " + pace.minBytesPerSecond() + " bytes/s"
                    : "request body stalled for " + pace.silenceNanos() / 1_000_000 + " ms");
        }
        if (n < 0) {
            throw new RequestBodyException(HttpStatus.BAD_REQUEST, "connection closed inside the request body");
        }
        received += n;
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    /**
     * Reads and drops what is left of the body, up to {@code limit} bytes and for at most {@code waitNanos}: a
     * client still sending after that is not waited for (a slow sender would hold the worker long after its answer
     * went out); the connection then closes instead of being reused.
     *
     * @return whether the body ended within the limits
     */
    final boolean discard(long limit, long waitNanos) throws IOException {
        byte[] scratch = new byte[8192];
        long total = 0;
        discarding = true;
        discardDeadline = System.nanoTime() + waitNanos;
        try {
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
        } catch (DiscardCutShort e) {
            return false;
        } finally {
            discarding = false;
        }
    }

    /** The discard wait ran out: no fault of the client's, so no answer; the connection just is not reused. */
    private static final class DiscardCutShort extends IOException {

        private static final long serialVersionUID = 1L;

        DiscardCutShort() {
            super("unread request body still arriving", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** The body of a request without one. */
    static final class Empty extends RequestBody {

        Empty(ConnectionInput input) {
            super(input, new BodyPace(0, 0), null);
            markFinished();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return -1;
        }
    }
}
