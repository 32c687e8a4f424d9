package io.rebound.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The document root and the data directory of a server, checked and created before the framework starts, so that
 * a wrong path is one clear line and exit code 2 rather than a failing component later.
 *
 * @param root the document root, absolute and normalized
 * @param data the data directory, absolute and normalized
 */
record ServerDirectories(Path root, Path data) {

    /** The page a new document root starts with. */
    static final String DEFAULT_INDEX = "index.html";
    private static final String DEFAULT_INDEX_RESOURCE = "default-index.html";

    private static final System.Logger LOG = System.getLogger("io.rebound.runtime");

    /** @return where hot-deployed bundles go */
    Path deploy() {
        return data.resolve("deploy");
    }

    /** @return where logs go ({@code rebound.log}; the access log writes {@code access.log} there too) */
    Path logs() {
        return data.resolve("logs");
    }

    /** @return the framework's bundle cache */
    Path frameworkStorage() {
        return data.resolve("felix-cache");
    }

    /**
     * Uses an existing root as is, or creates it with a default {@value #DEFAULT_INDEX}; creates the data directory
     * and its {@code deploy} directory when missing.
     *
     * @throws StartupException with exit code 2 naming the option and the problem
     */
    static ServerDirectories prepare(Options options) throws StartupException {
        Path root = options.root().toAbsolutePath().normalize();
        Path data = options.data().toAbsolutePath().normalize();
        String rootOrigin = options.origin(Option.ROOT);
        String dataOrigin = options.origin(Option.DATA);

        // The data directory first: a start that fails there should not leave a new document root behind.
        createDirectory(data, dataOrigin);
        requireDirectory(data, dataOrigin);
        if (!Files.isWritable(data)) {
            throw unusable(dataOrigin + ": directory '" + data + "' is not writable");
        }
        ServerDirectories directories = new ServerDirectories(root, data);
        createDirectory(directories.deploy(), dataOrigin);
        requireDirectory(directories.deploy(), dataOrigin);

        if (!Files.exists(root)) {
            createDirectory(root, rootOrigin);
            writeDefaultIndex(root, rootOrigin);
        }
        requireDirectory(root, rootOrigin);
        if (!Files.isReadable(root)) {
            throw unusable(rootOrigin + ": directory '" + root + "' is not readable");
        }
        return directories;
    }

    private static void createDirectory(Path directory, String origin) throws StartupException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (Files.exists(directory)) {
            throw unusable(origin + ": '" + directory + "' is not a directory");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw unusable(origin + ": cannot create directory '" + directory + "': " + describe(e));
        }
    }

    private static void requireDirectory(Path directory, String origin) throws StartupException {
        if (!Files.isDirectory(directory)) {
            throw unusable(origin + ": '" + directory + "' is not a directory");
        }
    }

    private static void writeDefaultIndex(Path root, String origin) throws StartupException {
        Path index = root.resolve(DEFAULT_INDEX);
        try (InputStream page = ServerDirectories.class.getResourceAsStream(DEFAULT_INDEX_RESOURCE)) {
            if (page == null) {
                throw new IllegalStateException("resource " + DEFAULT_INDEX_RESOURCE + " is missing from rebound.jar");
            }
            Files.copy(page, index);
        } catch (IOException e) {
            throw unusable(origin + ": cannot write '" + index + "': " + describe(e));
        }
        LOG.log(System.Logger.Level.INFO, "created document root " + root + " with a default " + DEFAULT_INDEX);
    }

    private static StartupException unusable(String message) {
        return new StartupException(ExitCode.USAGE, message);
    }

    /** File system exceptions carry the path as their message; say what went wrong instead. */
    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "'" + ((FileAlreadyExistsException) e).getFile() + "' is in the way";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
