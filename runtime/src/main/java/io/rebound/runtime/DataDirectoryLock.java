package io.rebound.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on the data directory for the life of the server. Needed because Felix 7.0.5 ignores a failed
 * {@code tryLock} on its bundle cache, and with {@code storage.clean=onFirstInit} a second server on the same data
 * directory would wipe the bundle cache under the first one.
 */
final class DataDirectoryLock implements AutoCloseable {

    static final String FILE_NAME = "rebound.lock";

    private final FileChannel channel;

    private DataDirectoryLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * @param origin the option or variable the data directory came from, for the message
     * @throws StartupException with exit code 2 when another server holds the lock or the lock file cannot be made
     */
    static DataDirectoryLock acquire(Path data, String origin) throws StartupException {
        Path file = data.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(data, origin, channel);
            }
            return new DataDirectoryLock(channel);
        } catch (OverlappingFileLockException e) {
            throw inUse(data, origin, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupException(ExitCode.USAGE, origin + ": cannot lock '" + file + "': " + e.getMessage(), e);
        }
    }

    private static StartupException inUse(Path data, String origin, FileChannel channel) {
        closeQuietly(channel);
        return new StartupException(ExitCode.USAGE,
                origin + ": '" + data + "' is in use by another Rebound server (" + FILE_NAME + " is locked)");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was locked through it.
        }
    }

    /** Releases the lock (closing the channel releases it). */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
