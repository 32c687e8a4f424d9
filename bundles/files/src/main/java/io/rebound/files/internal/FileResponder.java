package io.rebound.files.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import io.rebound.http.api.HttpDate;
import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpResponse;
import io.rebound.http.api.HttpStatus;

/**
 * Answers a request for one located regular file: validators, conditionals, range, then the body: a small file's
 * from its copy in memory ({@link FileContentCache}), any other's streamed from a {@link FileChannel} so the
 * connector can transfer it without copying and a large file is never held in memory.
 */
final class FileResponder {

    private final String cacheControl;
    private final FileContentCache cache;

    /**
     * @param maxAgeSeconds the {@code Cache-Control: max-age}; 0 sends no Cache-Control
     * @param cache the copies of small files to serve from memory
     */
    FileResponder(long maxAgeSeconds, FileContentCache cache) {
        this.cacheControl = maxAgeSeconds > 0 ? "max-age=" + maxAgeSeconds : null;
        this.cache = cache;
    }

    /** @return whether small files are served from copies in memory */
    boolean cachesFiles() {
        return cache.enabled();
    }

    /**
     * @throws RequestRejection 403 for an unreadable file, 404 for one that vanished, 412 for a failed precondition,
     *         416 for an unsatisfiable range (its Content-Range already set), 500 for a file that cannot be opened
     * @throws IOException when the client connection fails
     */
    void respond(HttpRequest request, HttpResponse response, LocatedFile file) throws RequestRejection, IOException {
        byte[] copy = cache.content(file);
        if (copy != null) {
            respond(request, response, file, copy, null);
            return;
        }
        // Opened first: the open is the authority on readability (403) and on the file still being there (404),
        // and checking access separately would cost a system call on every request for nothing.
        try (FileChannel channel = open(file)) {
            respond(request, response, file, null, channel);
        }
    }

    /** The body comes from {@code copy} when there is one, else from the open {@code channel}. */
    private void respond(HttpRequest request, HttpResponse response, LocatedFile file, byte[] copy,
            FileChannel channel) throws RequestRejection, IOException {
        long size = file.attributes().size();
        long lastModified = file.attributes().lastModifiedTime().to(TimeUnit.SECONDS);
        String etag = EntityTag.of(file.attributes());
        Preconditions preconditions = new Preconditions(etag, lastModified);

        switch (preconditions.evaluate(request.headers())) {
            case PRECONDITION_FAILED:
                throw new RequestRejection(HttpStatus.PRECONDITION_FAILED, "precondition failed");
            case NOT_MODIFIED:
                validators(response, etag, lastModified);
                response.status(HttpStatus.NOT_MODIFIED);
                // Committed without a body; the connector sends no body (and no framing) for a 304.
                response.body().close();
                return;
            default:
                break;
        }

        RangeRequest range = "GET".equals(request.method()) && preconditions.rangeApplies(request.headers())
                ? RangeRequest.parse(singleRange(request), size)
                : RangeRequest.parse(null, size);
        if (range.kind() == RangeRequest.Kind.UNSATISFIABLE) {
            response.header("Content-Range", "bytes */" + size);
            throw new RequestRejection(HttpStatus.RANGE_NOT_SATISFIABLE, "range not satisfiable");
        }

        validators(response, etag, lastModified);
        response.header("Content-Type", ContentTypes.of(file.name()));
        response.header("X-Content-Type-Options", "nosniff");
        if (range.kind() == RangeRequest.Kind.PARTIAL) {
            ByteRange bytes = range.range();
            response.status(HttpStatus.PARTIAL_CONTENT);
            response.header("Content-Range", bytes.contentRange(size));
            send(response, copy, channel, bytes.first(), bytes.length());
        } else {
            response.status(HttpStatus.OK);
            send(response, copy, channel, 0, size);
        }
    }

    /**
     * Commits the response with {@code count} bytes of the file from {@code position} as its body. A method, not a
     * lambda per source: this class is loaded anew on every reboot, and a lambda's first use costs a generated class
     * while the first request after the reboot waits.
     */
    private static void send(HttpResponse response, byte[] copy, FileChannel channel, long position, long count)
            throws IOException {
        if (copy == null) {
            response.sendFile(channel, position, count);
            return;
        }
        response.contentLength(count);
        try (OutputStream body = response.body()) {
            body.write(copy, (int) position, (int) count);
        }
    }

    private void validators(HttpResponse response, String etag, long lastModified) {
        response.header("ETag", etag);
        response.header("Last-Modified", HttpDate.format(lastModified));
        response.header("Accept-Ranges", "bytes");
        if (cacheControl != null) {
            response.header("Cache-Control", cacheControl);
        }
    }

    private static FileChannel open(LocatedFile file) throws RequestRejection {
        try {
            // NOFOLLOW_LINKS: the real path had no links when checked; a link swapped in since must not be followed.
            return FileChannel.open(file.realPath(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            throw new RequestRejection(HttpStatus.FORBIDDEN, "file is not readable");
        } catch (NoSuchFileException e) {
            throw new RequestRejection(HttpStatus.NOT_FOUND, "file vanished before it was opened");
        } catch (IOException e) {
            throw new RequestRejection(HttpStatus.INTERNAL_SERVER_ERROR, "cannot open " + file.realPath(), e);
        }
    }

    // Several Range fields are as ambiguous as several ranges in one: serve the whole file.
    private static String singleRange(HttpRequest request) {
        return request.headers().count("Range") == 1 ? request.headers().first("Range") : null;
    }
}
