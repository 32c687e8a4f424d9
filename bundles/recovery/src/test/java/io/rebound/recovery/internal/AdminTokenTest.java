package io.rebound.recovery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    @TempDir
    Path data;

    @Test
    void firstStartCreatesA64HexDigitTokenFileWithMode0600() throws Exception {
        AdminToken token = AdminToken.load(null, data);
        Path file = data.resolve(AdminToken.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String content = Files.readString(file).trim();
        assertTrue(content.matches("[0-9a-f]{64}"), content);
        assertTrue(token.accepts("Bearer " + content));
        assertTrue(token.accepts("bearer " + content + " "));
        assertEquals(content, Files.readString(file).trim(), "a second start reuses it");
        assertTrue(AdminToken.load(null, data).accepts("Bearer " + content));
    }

    @Test
    void rejectsMissingWrongAndPrefixTokens() throws Exception {
        AdminToken token = AdminToken.of("s3cret-token");
        assertFalse(token.accepts(null));
        assertFalse(token.accepts(""));
        assertFalse(token.accepts("s3cret-token"));
        assertFalse(token.accepts("Basic s3cret-token"));
        assertFalse(token.accepts("Bearer s3cret"));
        assertFalse(token.accepts("Bearer s3cret-token-and-more"));
        assertFalse(token.accepts("Bearer S3CRET-TOKEN"));
        assertTrue(token.accepts("Bearer s3cret-token"));
    }

    @Test
    void environmentWinsAndMustNotBeBlank() throws Exception {
        assertTrue(AdminToken.load("from-env", data).accepts("Bearer from-env"));
        assertFalse(Files.exists(data.resolve(AdminToken.FILE)));
        assertThrows(IllegalArgumentException.class, () -> AdminToken.load("  ", data));
    }

    @Test
    void neverShowsTheTokenWhenPrinted() {
        AdminToken token = AdminToken.of("s3cret-token");
        assertFalse(token.toString().contains("s3cret"));
        assertNotEquals(-1, token.toString().indexOf("redacted"));
    }
}
