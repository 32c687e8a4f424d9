package io.rebound.connector.internal;

import java.io.IOException;
import java.io.OutputStream;

/** Base of the response body streams: tracks body bytes and whether the body ended properly. */
abstract class ResponseBody extends OutputStream {

    final ResponseSink sink;
    long written;
    boolean closed;

    ResponseBody(ResponseSink sink) {
        this.sink = sink;
    }

    /** @return whether the body was delimited correctly, so the connection may carry another response */
    abstract boolean complete();

    @Override
    public final void write(int b) throws IOException {
        write(new byte[] { (byte) b }, 0, 1);
    }

    final void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("response body already closed");
        }
    }

    /** Declared length: exactly that many bytes, no more. */
    static final class FixedLength extends ResponseBody {

        private final long length;

        FixedLength(ResponseSink sink, long length) {
            super(sink);
            this.length = length;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            if (written + len > length) {
                throw new IOException("response body longer than its Content-Length of " + length);
            }
            sink.put(b, off, len);
            written += len;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                sink.flush();
            }
        }

        @Override
        boolean complete() {
            return written == length;
        }
    }

    /** Unknown length on HTTP/1.1: chunked transfer coding, one chunk per buffer-full. */
    static final class Chunked extends ResponseBody {

        private final byte[] chunk = new byte[8192];
        private int filled;

        Chunked(ResponseSink sink) {
            super(sink);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            written += len;
            while (len > 0) {
                int n = Math.min(len, chunk.length - filled);
                System.arraycopy(b, off, chunk, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == chunk.length) {
                    emitChunk();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            ensureOpen();
            emitChunk();
            sink.flush();
        }

        private void emitChunk() throws IOException {
            if (filled > 0) {
                sink.putLatin1(Integer.toHexString(filled));
                sink.putLatin1("\r\n");
                sink.put(chunk, 0, filled);
                sink.putLatin1("\r\n");
                filled = 0;
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                emitChunk();
                closed = true;
                sink.putLatin1("0\r\n\r\n");
                sink.flush();
            }
        }

        @Override
        boolean complete() {
            return closed;
        }
    }

    /** Unknown length on HTTP/1.0: the body ends when the connection closes. */
    static final class CloseDelimited extends ResponseBody {

        CloseDelimited(ResponseSink sink) {
            super(sink);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            sink.put(b, off, len);
            written += len;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                sink.flush();
            }
        }

        @Override
        boolean complete() {
            // The connection must close to end the body, so it can never be reused.
            return false;
        }
    }

    /** No body goes on the wire (HEAD, 204, 304): writes are counted and dropped. */
    static final class Discarded extends ResponseBody {

        Discarded(ResponseSink sink) {
            super(sink);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                sink.flush();
            }
        }

        @Override
        boolean complete() {
            return true;
        }
    }
}
