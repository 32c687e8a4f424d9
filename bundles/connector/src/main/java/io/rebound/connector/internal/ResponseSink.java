package io.rebound.connector.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes on their way to the client: small writes are gathered in one buffer so a typical response (head and a
 * small body) leaves in a single system call; large ones go straight to the channel.
 */
final class ResponseSink {

    private static final int CAPACITY = 16 * 1024;

    private final ChannelIO io;
    private final ByteBuffer buffer = ByteBuffer.allocate(CAPACITY);
    private final ByteBuffer[] pair = new ByteBuffer[2];

    ResponseSink(ChannelIO io) {
        this.io = io;
    }

    void put(byte b) throws IOException {
        if (!buffer.hasRemaining()) {
            flush();
        }
        buffer.put(b);
    }

    void put(byte[] b, int off, int len) throws IOException {
        if (len <= buffer.remaining()) {
            buffer.put(b, off, len);
            return;
        }
        if (len < CAPACITY / 2) {
            flush();
            buffer.put(b, off, len);
            return;
        }
        // Large: one gathering write of what is buffered plus the caller's array, no copy.
        buffer.flip();
        pair[0] = buffer;
        pair[1] = ByteBuffer.wrap(b, off, len);
        try {
            io.write(pair);
        } finally {
            pair[1] = null;
            buffer.clear();
        }
    }

    /**
     * Appends an ASCII/ISO-8859-1 string (heads, chunk sizes), one byte per character: the low eight bits, which is
     * all of a Latin-1 character.
     */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) copies exactly that, with no temporary array
    void putLatin1(String s) throws IOException {
        int n = s.length();
        int from = 0;
        while (from < n) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int count = Math.min(n - from, buffer.remaining());
            int at = buffer.position();
            s.getBytes(from, from + count, buffer.array(), buffer.arrayOffset() + at);
            buffer.position(at + count);
            from += count;
        }
    }

    /** Sends what is buffered, then {@code count} bytes of {@code file}. */
    void transfer(FileChannel file, long position, long count) throws IOException {
        flush();
        io.transfer(file, position, count);
    }

    void flush() throws IOException {
        if (buffer.position() > 0) {
            buffer.flip();
            try {
                io.write(buffer);
            } finally {
                buffer.clear();
            }
        }
    }

    /** Forgets unsent bytes (the connection is being abandoned). */
    void discard() {
        buffer.clear();
    }
}
