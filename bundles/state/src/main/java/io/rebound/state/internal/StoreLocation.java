package io.rebound.state.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Where the store file lives: {@code <rebound.data>/state/rebound.mv}. */
final class StoreLocation {

    static final String DATA_PROPERTY = "rebound.data";
    static final String FILE_NAME = "rebound.mv";

    private StoreLocation() {
    }

    /**
     * @param data the value of {@value #DATA_PROPERTY}
     * @return the store file's path, its directory created if missing
     * @throws IllegalStateException naming the problem when the data directory is unset or unusable
     */
    static Path file(String data) {
        if (data == null || data.isBlank()) {
            throw new IllegalStateException("framework property " + DATA_PROPERTY
                    + " is not set: the state store has nowhere to live");
        }
        Path dir;
        try {
            dir = Path.of(data);
        } catch (InvalidPathException e) {
            throw new IllegalStateException(DATA_PROPERTY + " '" + data + "' is not a valid path: " + e.getMessage(), e);
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(DATA_PROPERTY + " " + dir + " is not a directory");
        }
        Path state = dir.resolve("state");
        try {
            Files.createDirectories(state);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the state directory " + state + ": " + e, e);
        }
        return state.resolve(FILE_NAME);
    }
}
