package io.rebound.files.internal;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * A file's attributes as one {@code lstat} gives them, with the status change time ({@code ctime}) that basic
 * attributes leave out. The change time is what proves a cached copy still current: every write, {@code chmod},
 * {@code chown}, ACL or link change moves it, and unlike the modification time nobody can set it back.
 */
final class FileStatus implements BasicFileAttributes {

    // Only what serving and cache checks use: the unix view builds a map entry, and for times an object, for each name
    // asked for, on every request.
    private static final String UNIX_ATTRIBUTES =
            "unix:size,lastModifiedTime,fileKey,isRegularFile,isDirectory,isSymbolicLink,ctime";

    private final Map<String, Object> values;

    private FileStatus(Map<String, Object> values) {
        this.values = values;
    }

    /** @return whether the file system reports change times (the {@code unix} attribute view) */
    static boolean supported(FileSystem fileSystem) {
        return fileSystem.supportedFileAttributeViews().contains("unix");
    }

    /** Reads the attributes of {@code path} itself, not following a final symbolic link. */
    static FileStatus read(Path path) throws IOException {
        return new FileStatus(Files.readAttributes(path, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
    }

    /** @return when the file's content or metadata last changed */
    FileTime changeTime() {
        return (FileTime) values.get("ctime");
    }

    @Override
    public FileTime lastModifiedTime() {
        return (FileTime) values.get("lastModifiedTime");
    }

    /** @throws UnsupportedOperationException always: not read, since serving a file never needs it */
    @Override
    public FileTime lastAccessTime() {
        throw new UnsupportedOperationException("the access time is not read");
    }

    /** @throws UnsupportedOperationException always: not read, since serving a file never needs it */
    @Override
    public FileTime creationTime() {
        throw new UnsupportedOperationException("the creation time is not read");
    }

    @Override
    public boolean isRegularFile() {
        return (Boolean) values.get("isRegularFile");
    }

    @Override
    public boolean isDirectory() {
        return (Boolean) values.get("isDirectory");
    }

    @Override
    public boolean isSymbolicLink() {
        return (Boolean) values.get("isSymbolicLink");
    }

    @Override
    public boolean isOther() {
        return !isRegularFile() && !isDirectory() && !isSymbolicLink();
    }

    @Override
    public long size() {
        return (Long) values.get("size");
    }

    @Override
    public Object fileKey() {
        return values.get("fileKey");
    }
}
