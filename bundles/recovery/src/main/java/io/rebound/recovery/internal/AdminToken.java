package io.rebound.recovery.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The bearer token of the admin API: {@code REBOUND_ADMIN_TOKEN} when set, otherwise the content of
 * {@code <data>/admin.token}, which is created on first start with 32 random bytes (hex) and mode 0600.
 */
final class AdminToken {

    static final String ENV = "REBOUND_ADMIN_TOKEN";
    static final String FILE = "admin.token";

    private static final System.Logger LOG = System.getLogger("io.rebound.recovery");

    // Only a digest is kept and compared: equal-length digests make the comparison's time independent of the
    // offered token's length and content, and the token itself is not kept.
    private final byte[] digest;

    private AdminToken(String token) {
        this.digest = sha256(token.getBytes(StandardCharsets.UTF_8));
    }

    static AdminToken of(String token) {
        return new AdminToken(token);
    }

    /**
     * @param env the value of {@value #ENV}, or {@code null}
     * @param dataDir the server's data directory
     */
    static AdminToken load(String env, Path dataDir) throws IOException {
        if (env != null) {
            if (env.isBlank()) {
                throw new IllegalArgumentException(ENV + " is set but empty");
            }
            return new AdminToken(env.trim());
        }
        Path file = dataDir.resolve(FILE);
        if (Files.notExists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            try {
                // Created with its final mode in one step, so the token is never readable by others, not even briefly.
                Files.createDirectories(dataDir);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, HexFormat.of().formatHex(random) + "\n");
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first; use theirs.
            }
        }
        warnIfReadableByOthers(file);
        String content = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (content.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty; delete it to get a new token");
        }
        return new AdminToken(content);
    }

    /** @return whether an {@code Authorization} header value carries this token (compared in constant time) */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] offered = sha256(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(digest, offered);
    }

    // A token file an operator created or copied by hand may be world-readable: say so (never what it holds).
    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            permissions.retainAll(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE));
            if (!permissions.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, file + " is accessible to other users (" + permissions
                        + "); run chmod 600 on it");
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    @Override
    public String toString() {
        return "AdminToken[redacted]";
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
