package io.rebound.accesslog.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A "disk" for {@link AccessLogFile} whose first write blocks until the test releases it, so a test can hold the
 * writer thread in the middle of a turn.
 */
final class BlockingDisk implements AccessLogFile.Opener {

    private final StringBuffer content = new StringBuffer();
    private final CountDownLatch writing = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    String content() {
        return content.toString();
    }

    /** @return whether a write started (and is held) within the deadline */
    boolean awaitWriting() throws InterruptedException {
        return writing.await(CallOnThread.DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    void release() {
        released.countDown();
    }

    @Override
    public Writer open(Path path) {
        return new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                writing.countDown();
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("write interrupted");
                }
                content.append(buf, off, len);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
