package io.rebound.connector.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import io.rebound.recovery.api.Call;

/**
 * Reads and writes one non-blocking client channel as if it were blocking, but with deadlines: waiting goes through
 * the serving worker's {@link ChannelWaiter}. A slow reader of responses gets {@code writeTimeoutNanos} of no
 * progress at all before it is cut off, so it can hold a worker only that long.
 *
 * <p>Waiting for the client is not a hang of the server: every wait (bounded by the connector's own timeouts) and
 * every byte moved tells the supervisor's watch on this thread that it makes progress, so that only code that
 * stops without waiting on a client — a hung component — misses its deadline.
 */
final class ChannelIO {

    // A long wait is cut into slices so progress is signalled well within any hang deadline.
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final SocketChannel channel;
    private final long writeTimeoutNanos;
    private ChannelWaiter waiter;
    private Call watch = Call.NONE;
    private volatile boolean stopping;

    ChannelIO(SocketChannel channel, long writeTimeoutNanos) {
        this.channel = channel;
        this.writeTimeoutNanos = writeTimeoutNanos;
    }

    /** Binds this connection to the worker now serving it. */
    void attach(ChannelWaiter waiter) {
        this.waiter = waiter;
    }

    /** Says which supervised call the I/O of the current exchange belongs to ({@link Call#NONE} between them). */
    void watchedBy(Call call) {
        this.watch = call;
    }

    /** Unbinds it from its worker, which keeps no registration of the channel. */
    void detach() throws IOException {
        if (waiter != null) {
            waiter.release();
            waiter = null;
        }
    }

    /**
     * Ends a wait for the next request at once; used when the connector stops. Requests already under way go on:
     * a graceful stop lets them finish (the connector closes channels itself when its stop timeout runs out).
     */
    void stop() {
        stopping = true;
        ChannelWaiter w = waiter;
        if (w != null) {
            w.wakeup();
        }
    }

    boolean stopping() {
        return stopping;
    }

    /** @return the number of bytes read without waiting: 0 when none are there, -1 at end of stream */
    int readNow(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    /**
     * Reads at least one byte unless the stream ends.
     *
     * @param deadline a {@link System#nanoTime()} value
     * @return bytes read, or -1 at end of stream
     * @throws SocketTimeoutException when the deadline passes first
     */
    int read(ByteBuffer dst, long deadline) throws IOException {
        while (true) {
            int n = channel.read(dst);
            if (n != 0) {
                watch.progress();
                return n;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("read timed out");
            }
            waiter.await(channel, SelectionKey.OP_READ, Math.min(left, WAIT_SLICE_NANOS));
            watch.progress();
        }
    }

    /**
     * Waits up to {@code nanos} for the channel to become readable, without reading.
     *
     * @return whether it is readable
     */
    boolean awaitReadable(long nanos) throws IOException {
        if (nanos <= 0 || stopping) {
            return false;
        }
        return waiter.await(channel, SelectionKey.OP_READ, nanos);
    }

    /** Writes all of {@code src}. */
    void write(ByteBuffer src) throws IOException {
        long lastProgress = System.nanoTime();
        while (src.hasRemaining()) {
            if (channel.write(src) > 0) {
                lastProgress = System.nanoTime();
                watch.progress();
                continue;
            }
            awaitWritable(lastProgress);
        }
    }

    /** Writes all of {@code srcs}, in order, gathering them into as few system calls as possible. */
    void write(ByteBuffer[] srcs) throws IOException {
        long lastProgress = System.nanoTime();
        while (srcs[srcs.length - 1].hasRemaining()) {
            if (channel.write(srcs) > 0) {
                lastProgress = System.nanoTime();
                watch.progress();
                continue;
            }
            awaitWritable(lastProgress);
        }
    }

    /** Sends {@code count} bytes of {@code file} from {@code position}, zero-copy where the platform allows. */
    void transfer(FileChannel file, long position, long count) throws IOException {
        long lastProgress = System.nanoTime();
        long end = position + count;
        while (position < end) {
            long n = file.transferTo(position, end - position, channel);
            if (n > 0) {
                position += n;
                lastProgress = System.nanoTime();
                watch.progress();
                continue;
            }
            if (position >= file.size()) {
                throw new IOException("file shrank while it was being sent");
            }
            awaitWritable(lastProgress);
        }
    }

    private void awaitWritable(long lastProgress) throws IOException {
        long left = lastProgress + writeTimeoutNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("client did not read the response for "
                    + (writeTimeoutNanos / 1_000_000) + " ms");
        }
        waiter.await(channel, SelectionKey.OP_WRITE, Math.min(left, WAIT_SLICE_NANOS));
        watch.progress();
    }
}
