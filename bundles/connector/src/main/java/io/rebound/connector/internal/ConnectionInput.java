package io.rebound.connector.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes received on a connection and not yet consumed: request heads are parsed from here and request bodies
 * read through here. The buffer is kept in read mode (position..limit = unconsumed bytes).
 */
final class ConnectionInput {

    private static final int INITIAL_CAPACITY = 8 * 1024;

    private final ChannelIO io;
    private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_CAPACITY).flip();

    ConnectionInput(ChannelIO io) {
        this.io = io;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    boolean hasRemaining() {
        return buffer.hasRemaining();
    }

    /** @return whether the buffer is full, i.e. no more bytes can arrive without consuming some */
    boolean full() {
        return buffer.position() == 0 && buffer.limit() == buffer.capacity();
    }

    /** Grows the buffer to hold at least {@code capacity} bytes (for long request heads), keeping its content. */
    void ensureCapacity(int capacity) {
        if (buffer.capacity() < capacity) {
            ByteBuffer bigger = ByteBuffer.allocate(capacity);
            bigger.put(buffer).flip();
            buffer = bigger;
        }
    }

    /** Starts with bytes received earlier (by a previous connector instance); {@code pending} itself is not moved. */
    void prefill(ByteBuffer pending) {
        ensureCapacity(pending.remaining());
        buffer.compact();
        buffer.put(pending.duplicate());
        buffer.flip();
    }

    /** Consumes {@code n} bytes. */
    void skip(int n) {
        buffer.position(buffer.position() + n);
    }

    /**
     * Receives more bytes, waiting until the deadline.
     *
     * @return bytes received, or -1 at end of stream
     */
    int fill(long deadline) throws IOException {
        buffer.compact();
        try {
            return io.read(buffer, deadline);
        } finally {
            buffer.flip();
        }
    }

    /** @return bytes received without waiting, -1 at end of stream */
    int fillNow() throws IOException {
        buffer.compact();
        try {
            return io.readNow(buffer);
        } finally {
            buffer.flip();
        }
    }

    /** Copies up to {@code len} buffered bytes into {@code b}; @return how many */
    int take(byte[] b, int off, int len) {
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }
}
