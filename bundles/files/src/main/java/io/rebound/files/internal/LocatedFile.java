package io.rebound.files.internal;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file or directory proven to lie inside the document root.
 *
 * @param realPath its real path (no symbolic links left), the only path ever opened
 * @param name the name the client asked for, which picks the content type (a link keeps its own name)
 * @param attributes its attributes, read once so every header describes the same version of the file
 */
record LocatedFile(Path realPath, String name, BasicFileAttributes attributes) {

    boolean isDirectory() {
        return attributes.isDirectory();
    }
}
