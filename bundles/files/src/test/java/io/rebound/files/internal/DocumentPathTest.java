package io.rebound.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentPathTest {

    @Test
    void decodesSegmentsOnce() throws RequestRejection {
        DocumentPath path = DocumentPath.parse("/a%20b/%252e/caf%C3%A9.txt");

        assertEquals(List.of("a b", "%2e", "caf\u00e9.txt"), path.segments());
        assertFalse(path.trailingSlash());
    }

    @Test
    void anEncodedSlashSeparatesSegments() throws RequestRejection {
        assertEquals(List.of("a", "b"), DocumentPath.parse("/a%2Fb").segments());
    }

    @Test
    void collapsesEmptySegmentsAndKeepsTheTrailingSlash() throws RequestRejection {
        DocumentPath path = DocumentPath.parse("//a///b//");

        assertEquals(List.of("a", "b"), path.segments());
        assertTrue(path.trailingSlash());
    }

    @Test
    void rootHasNoSegments() throws RequestRejection {
        DocumentPath path = DocumentPath.parse("/");

        assertEquals(List.of(), path.segments());
        assertTrue(path.trailingSlash());
        assertEquals("/", path.encodedDirectory());
    }

    @Test
    void dotsInsideNamesAreFine() throws RequestRejection {
        assertEquals(List.of("..a", "b..", "...", ".hidden"), DocumentPath.parse("/..a/b../.../.hidden").segments());
    }

    @Test
    void encodedDirectoryEscapesWhatIsNotASegmentCharacter() throws RequestRejection {
        assertEquals("/a%20b/%3F%23%25/caf%C3%A9/~x:@!/",
                DocumentPath.parse("/a%20b/%3f%23%25/caf%c3%a9/~x:@!").encodedDirectory());
    }

    @ParameterizedTest
    @ValueSource(strings = { "/..", "/.", "/a/../b", "/%2e", "/%2E%2E", "/a%2f..%2fb", "/.%2e/" })
    void dotSegmentsAre403(String raw) {
        assertEquals(403, assertThrows(RequestRejection.class, () -> DocumentPath.parse(raw)).status());
    }

    @ParameterizedTest
    @ValueSource(strings = { "/%", "/%4", "/%zz", "/%%41", "/a%2", "/%c0%ae", "/%e0%80%ae", "/%ed%b0%80", "/%80",
        "/%00", "/%1f", "/%7f", "/a\\b", "/%5C", "/\u00e9", "relative", "" + '*' })
    void malformedPathsAre400(String raw) {
        assertEquals(400, assertThrows(RequestRejection.class, () -> DocumentPath.parse(raw)).status());
    }
}
