package io.rebound.files.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.rebound.recovery.api.InvalidConfigurationException;

/**
 * Copies of small files, so that serving one costs a single {@code lstat} instead of an open, a stat, a transfer and
 * a close. A copy is served only while the file's identity, size, modification time and change time are exactly
 * those it was read under: any write, {@code chmod}, {@code chown} or replacement moves the change time, so a changed
 * file is read again and an unreadable one answers 403 as before.
 *
 * <p>A file changed within the last {@link #SETTLE_MILLIS} is not copied: file system timestamps are coarse (a few
 * milliseconds), so a second write that soon could leave the change time as it was and the copy stale for good
 * (git's "racily clean" index entries are the same problem). Such a file is streamed until it settles.
 *
 * <p>The copies use at most the configured number of bytes (exceeded for a moment by at most one file per thread
 * storing at the same instant); when full, a copy not served since the last sweep makes room (second chance).
 */
final class FileContentCache {

    /** How long a file must have been left alone before it is copied. */
    static final long SETTLE_MILLIS = 1000;

    /** {@link System#currentTimeMillis()}: the clock of a cache in service. */
    static final LongSupplier SYSTEM_CLOCK = new SystemClock();

    private final int maxFileBytes;
    private final long maxBytes;
    private final LongSupplier wallMillis;
    private final Map<Path, Copy> copies = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    /**
     * @param maxFileBytes the largest file copied; 0 turns the cache off
     * @param maxBytes the bytes all copies may use together; 0 turns the cache off
     * @param wallMillis the wall clock the file system's timestamps are compared with
     * @throws InvalidConfigurationException naming the setting when a size is negative
     */
    FileContentCache(int maxFileBytes, long maxBytes, LongSupplier wallMillis) {
        if (maxFileBytes < 0) {
            throw new InvalidConfigurationException(FilesHandler.PID,
                    "cache.max.file.bytes must not be negative, was " + maxFileBytes);
        }
        if (maxBytes < 0) {
            throw new InvalidConfigurationException(FilesHandler.PID, "cache.max.bytes must not be negative, was " + maxBytes);
        }
        this.maxFileBytes = (int) Math.min(maxFileBytes, maxBytes);
        this.maxBytes = maxBytes;
        this.wallMillis = wallMillis;
    }

    /** @return a cache that copies nothing */
    static FileContentCache off() {
        return new FileContentCache(0, 0, SYSTEM_CLOCK);
    }

    boolean enabled() {
        return maxFileBytes > 0;
    }

    /**
     * @param file a located regular file
     * @return its content when it is small and settled, from memory when already copied; {@code null} when it is
     *         to be streamed from the file (too large, just changed, no change time known, or it could not be read
     *         whole: the streaming path then meets the same condition and answers it)
     */
    byte[] content(LocatedFile file) {
        if (!(file.attributes() instanceof FileStatus) || file.attributes().size() > maxFileBytes
                || !file.attributes().isRegularFile() || file.attributes().fileKey() == null) {
            return null;
        }
        FileStatus status = (FileStatus) file.attributes();
        Path path = file.realPath();
        Copy copy = copies.get(path);
        if (copy != null && copy.isOf(status)) {
            copy.touch();
            return copy.content;
        }
        if (wallMillis.getAsLong() - status.changeTime().toMillis() < SETTLE_MILLIS) {
            return null;
        }
        byte[] content = read(path, (int) status.size());
        if (content != null) {
            store(path, new Copy(status, content));
        }
        return content;
    }

    /** @return the bytes the copies use now */
    long bytes() {
        return bytes.get();
    }

    /** @return how many files are copied now */
    int files() {
        return copies.size();
    }

    private void store(Path path, Copy copy) {
        int size = copy.content.length;
        if (bytes.get() + size > maxBytes) {
            makeRoom(size);
            if (bytes.get() + size > maxBytes) {
                return; // everything is in use: stream this one
            }
        }
        Copy previous = copies.put(path, copy);
        bytes.addAndGet(size - (previous == null ? 0 : previous.content.length));
    }

    // Two passes at most: the first takes copies unused since the last sweep and marks the rest unused, the second
    // takes those still unused.
    private void makeRoom(int size) {
        for (int pass = 0; pass < 2 && bytes.get() + size > maxBytes; pass++) {
            Iterator<Map.Entry<Path, Copy>> it = copies.entrySet().iterator();
            while (it.hasNext() && bytes.get() + size > maxBytes) {
                Map.Entry<Path, Copy> entry = it.next();
                Copy copy = entry.getValue();
                if (copy.used) {
                    copy.used = false;
                } else if (copies.remove(entry.getKey(), copy)) {
                    bytes.addAndGet(-copy.content.length);
                }
            }
        }
    }

    /**
     * Reads exactly {@code size} bytes; {@code null} when the file cannot be opened or no longer has that size (it
     * changed since its attributes were read).
     */
    private static byte[] read(Path path, int size) {
        // NOFOLLOW_LINKS: the real path had no links when checked; a link swapped in since must not be followed.
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer content = ByteBuffer.allocate(size);
            while (content.hasRemaining()) {
                if (channel.read(content) < 0) {
                    return null;
                }
            }
            return channel.read(ByteBuffer.allocate(1)) < 0 ? content.array() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A file's content and the version of the file it was read from. */
    private static final class Copy {

        final byte[] content;
        private final Object fileKey;
        private final FileTime modified;
        private final FileTime changed;
        // Set when served, cleared by a sweep: a racy flag is fine, it only ranks copies for eviction.
        boolean used = true;

        Copy(FileStatus status, byte[] content) {
            this.content = content;
            this.fileKey = status.fileKey();
            this.modified = status.lastModifiedTime();
            this.changed = status.changeTime();
        }

        boolean isOf(FileStatus status) {
            return status.size() == content.length && changed.equals(status.changeTime())
                    && modified.equals(status.lastModifiedTime()) && fileKey.equals(status.fileKey());
        }

        void touch() {
            // Read first: a hot copy is read by every worker, and writing the same value over and over would bounce
            // its cache line between cores.
            if (!used) {
                used = true;
            }
        }
    }

    // A class, not System::currentTimeMillis: a method reference costs a generated class in every new class loader,
    // and the first one is made while a reboot's requests wait for this bundle.
    private static final class SystemClock implements LongSupplier {
        @Override
        public long getAsLong() {
            return System.currentTimeMillis();
        }
    }
}
