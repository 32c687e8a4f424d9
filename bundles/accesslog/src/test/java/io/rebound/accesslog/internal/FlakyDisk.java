package io.rebound.accesslog.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;

/** A "disk" for {@link AccessLogFile} whose writes and opens fail while it is marked broken. */
final class FlakyDisk implements AccessLogFile.Opener {

    private final StringBuffer content = new StringBuffer();
    private volatile boolean broken;
    private volatile int opens;

    void broken(boolean broken) {
        this.broken = broken;
    }

    String content() {
        return content.toString();
    }

    int opens() {
        return opens;
    }

    @Override
    public Writer open(Path path) throws IOException {
        if (broken) {
            throw new IOException("No space left on device");
        }
        opens++;
        return new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                if (broken) {
                    throw new IOException("No space left on device");
                }
                content.append(buf, off, len);
            }

            @Override
            public void flush() throws IOException {
                if (broken) {
                    throw new IOException("No space left on device");
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
