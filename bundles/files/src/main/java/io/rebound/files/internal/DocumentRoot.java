package io.rebound.files.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

import io.rebound.http.api.HttpStatus;

/**
 * The directory files are served from, and the guard that keeps every lookup inside it: a name is only ever
 * trusted after its real path, with all symbolic links followed, is seen to lie under the root's real path.
 */
final class DocumentRoot {

    private final Path realRoot;
    // Whether located files carry their change time, which the small-file cache needs to know a copy is current.
    private final boolean changeTimes;

    /**
     * A root whose located files carry their change time where the file system reports one.
     *
     * @param directory the document root
     * @throws IllegalArgumentException naming the path when it is missing, not a directory or not readable
     */
    DocumentRoot(Path directory) {
        this(directory, true);
    }

    /**
     * @param directory the document root
     * @param changeTimes whether located files are to carry their change time (a little dearer to read; only a
     *        cache needs it), where the file system reports one
     * @throws IllegalArgumentException naming the path when it is missing, not a directory or not readable
     */
    DocumentRoot(Path directory, boolean changeTimes) {
        if (!Files.exists(directory)) {
            throw new IllegalArgumentException("document root " + directory + " does not exist");
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("document root " + directory + " is not a directory");
        }
        if (!Files.isReadable(directory) || !Files.isExecutable(directory)) {
            throw new IllegalArgumentException("document root " + directory + " is not readable");
        }
        try {
            // Once, here: the containment check compares against this, so it must not follow a link that moves.
            this.realRoot = directory.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("document root " + directory + " cannot be resolved: " + e, e);
        }
        this.changeTimes = changeTimes && FileStatus.supported(realRoot.getFileSystem());
    }

    /**
     * @param property the framework property naming the root, for the message
     * @param configured its value, possibly {@code null}
     * @param changeTimes whether located files are to carry their change time (see {@link #DocumentRoot(Path,
     *        boolean)})
     * @throws IllegalArgumentException when it is unset, blank, or names no usable directory
     */
    static DocumentRoot of(String property, String configured, boolean changeTimes) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("framework property " + property + " (the document root) is not set");
        }
        Path directory;
        try {
            directory = Path.of(configured);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("document root " + configured + " is not a valid path", e);
        }
        return new DocumentRoot(directory, changeTimes);
    }

    /** @return the root's real path */
    Path realPath() {
        return realRoot;
    }

    /**
     * @return whether located files carry their change time (their attributes are a {@link FileStatus}), so that
     *         copies of them can be cached
     */
    boolean reportsChangeTimes() {
        return changeTimes;
    }

    /**
     * @param segments decoded, validated segments (see {@link DocumentPath})
     * @throws RequestRejection 404 when nothing is there or it resolves outside the root, 403 when a directory on
     *         the way may not be searched
     */
    LocatedFile locate(List<String> segments) throws RequestRejection {
        // Every name resolved before any is looked up: a name no file can have is a bad request wherever it is.
        Path[] way = new Path[segments.size()];
        Path candidate = realRoot;
        try {
            for (int i = 0; i < way.length; i++) {
                candidate = candidate.resolve(segments.get(i));
                way[i] = candidate;
            }
        } catch (InvalidPathException e) {
            throw new RequestRejection(HttpStatus.BAD_REQUEST, "path names no valid file name");
        }
        if (way.length == 0) {
            return confine(new Path[] { realRoot }, "");
        }
        return confine(way, segments.get(way.length - 1));
    }

    /**
     * @param directory a directory found by {@link #locate}
     * @param fileName a plain file name
     * @return that file in the directory, when it is a regular file inside the root
     * @throws RequestRejection 404 when there is no such regular file inside the root
     */
    LocatedFile locateIn(LocatedFile directory, String fileName) throws RequestRejection {
        // The directory's path is real and inside the root already: only the file's own name is left to check.
        LocatedFile file = confine(new Path[] { directory.realPath().resolve(fileName) }, fileName);
        if (file.isDirectory()) {
            throw new RequestRejection(HttpStatus.NOT_FOUND, "index " + fileName + " is a directory");
        }
        return file;
    }

    /**
     * @param way the paths from the first name below a real directory inside the root down to the candidate, the
     *        last; or the root alone
     */
    private LocatedFile confine(Path[] way, String name) throws RequestRejection {
        Path candidate = way[way.length - 1];
        Path real;
        BasicFileAttributes attributes;
        try {
            attributes = attributesWithoutLinks(way);
            if (attributes != null) {
                real = candidate;
            } else {
                // A symbolic link on the way: only where it really leads counts.
                real = candidate.toRealPath();
                if (!real.startsWith(realRoot)) {
                    throw new RequestRejection(HttpStatus.NOT_FOUND, "path resolves outside the document root");
                }
                attributes = status(real);
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new RequestRejection(HttpStatus.NOT_FOUND, "no such file");
        } catch (AccessDeniedException e) {
            throw new RequestRejection(HttpStatus.FORBIDDEN, "access denied while resolving the path");
        } catch (IOException e) {
            // A link loop or an over-long name: the client named something that cannot be served.
            throw new RequestRejection(HttpStatus.NOT_FOUND, "cannot resolve the path: " + e.getMessage());
        }
        if (!attributes.isRegularFile() && !attributes.isDirectory()) {
            throw new RequestRejection(HttpStatus.NOT_FOUND, "neither a regular file nor a directory");
        }
        return new LocatedFile(real, name, attributes);
    }

    /**
     * The common case, cheaply: when no name on the way is a symbolic link, the candidate is its own real path and
     * lies inside the root. One lstat per name on the way, where resolving the real path would cost a readlink for
     * every name from {@code /} down and a stat on top.
     *
     * @param way see {@link #confine}
     * @return the candidate's attributes, or {@code null} when a name on the way is a symbolic link
     */
    private BasicFileAttributes attributesWithoutLinks(Path[] way) throws IOException {
        int last = way.length - 1;
        for (int i = 0; i < last; i++) {
            if (Files.readAttributes(way[i], BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isSymbolicLink()) {
                return null;
            }
        }
        BasicFileAttributes attributes = status(way[last]);
        return attributes.isSymbolicLink() ? null : attributes;
    }

    // The located file's own attributes: with its change time where there is one (a little dearer than basic ones,
    // so names on the way get basic ones).
    private BasicFileAttributes status(Path path) throws IOException {
        return changeTimes ? FileStatus.read(path)
                : Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
}
