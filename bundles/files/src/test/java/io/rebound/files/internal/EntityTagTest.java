package io.rebound.files.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EntityTagTest {

    private static final String TAG = "\"d-17cc\"";

    @Test
    void weakComparisonIgnoresTheWeakFlag() {
        assertTrue(EntityTag.matches("W/" + TAG, TAG, true));
        assertFalse(EntityTag.matches("W/" + TAG, TAG, false));
        assertTrue(EntityTag.matches(TAG, TAG, false));
    }

    @Test
    void findsTheTagAnywhereInAList() {
        assertTrue(EntityTag.matches("\"a\",W/\"b\", " + TAG + " , \"c\"", TAG, true));
        assertFalse(EntityTag.matches("\"a\", \"b\"", TAG, true));
    }

    @Test
    void aTagMayHoldACommaInsideItsQuotes() {
        assertFalse(EntityTag.matches("\"d-17cc,\"", TAG, true));
        assertTrue(EntityTag.matches("\"x,y\", " + TAG, TAG, true));
    }

    @Test
    void starMatchesAnyExistingFile() {
        assertTrue(EntityTag.matches(" * ", TAG, false));
    }

    @Test
    void malformedValuesMatchNothing() {
        assertFalse(EntityTag.matches("d-17cc", TAG, true));
        assertFalse(EntityTag.matches("\"d-17cc", TAG, true));
        assertFalse(EntityTag.matches(TAG + " junk", TAG, true));
        assertFalse(EntityTag.matches("*, " + TAG, TAG, true));
    }
}
