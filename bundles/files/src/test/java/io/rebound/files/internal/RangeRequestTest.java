package io.rebound.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RangeRequestTest {

    @Test
    void noHeaderMeansTheWholeFile() {
        RangeRequest request = RangeRequest.parse(null, 10);

        assertEquals(RangeRequest.Kind.WHOLE, request.kind());
        assertNull(request.range());
    }

    @Test
    void boundedRangeIsClippedToTheFile() {
        assertEquals(new ByteRange(5, 9), RangeRequest.parse("bytes=5-100", 10).range());
    }

    @Test
    void suffixLongerThanTheFileIsAllOfIt() {
        assertEquals(new ByteRange(0, 9), RangeRequest.parse("bytes=-11", 10).range());
    }

    @Test
    void startAtTheEndIsUnsatisfiable() {
        assertEquals(RangeRequest.Kind.UNSATISFIABLE, RangeRequest.parse("bytes=10-", 10).kind());
        assertEquals(RangeRequest.Kind.PARTIAL, RangeRequest.parse("bytes=9-", 10).kind());
    }

    @Test
    void contentRangeNamesBothEndsAndTheSize() {
        ByteRange range = RangeRequest.parse("bytes=2-4", 10).range();

        assertEquals("bytes 2-4/10", range.contentRange(10));
        assertEquals(3, range.length());
    }

    @Test
    void hugeNumbersSaturateInsteadOfOverflowing() {
        assertEquals(new ByteRange(0, 9), RangeRequest.parse("bytes=0-18446744073709551617", 10).range());
        assertEquals(new ByteRange(0, 9), RangeRequest.parse("bytes=-18446744073709551617", 10).range());
    }
}
