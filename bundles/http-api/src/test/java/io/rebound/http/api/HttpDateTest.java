package io.rebound.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDateTest {

    private static final long RFC_EXAMPLE = Instant.parse("1994-11-06T08:49:37Z").getEpochSecond();

    @Test
    void formatsImfFixdateWithTwoDigitDays() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(RFC_EXAMPLE));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDate.format(0));
        assertEquals("Wed, 31 Dec 1969 23:59:59 GMT", HttpDate.format(-1));
    }

    @Test
    void theLastOtherDateIsFormattedOnce() {
        String first = HttpDate.format(RFC_EXAMPLE);
        assertSame(first, HttpDate.format(RFC_EXAMPLE));
        assertNotSame(first, HttpDate.format(RFC_EXAMPLE + 1));
    }

    @Test
    void nowIsTheCurrentSecondFormattedOnce() {
        // Retried until both calls fall within one second of the clock: at a second's boundary they may not.
        for (int attempt = 0; attempt < 1_000; attempt++) {
            long before = System.currentTimeMillis();
            String first = HttpDate.now();
            String second = HttpDate.now();
            long after = System.currentTimeMillis();
            if (Math.floorDiv(before, 1000) == Math.floorDiv(after, 1000)) {
                assertEquals(HttpDate.format(Math.floorDiv(before, 1000)), first);
                assertSame(first, second);
                // Formatting another date in between leaves the current second's text alone.
                HttpDate.format(RFC_EXAMPLE);
                if (Math.floorDiv(System.currentTimeMillis(), 1000) == Math.floorDiv(before, 1000)) {
                    assertSame(first, HttpDate.now());
                }
                return;
            }
        }
        throw new AssertionError("never two calls within one second of the clock");
    }

    @Test
    void parsesAllThreeFormsOfRfc9110() {
        assertEquals(OptionalLong.of(RFC_EXAMPLE), HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(OptionalLong.of(RFC_EXAMPLE), HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(OptionalLong.of(RFC_EXAMPLE), HttpDate.parse("Sun Nov  6 08:49:37 1994"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "yesterday", "Sun, 06 Nov 1994 08:49:37", "Mon, 06 Nov 1994 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", "1994-11-06T08:49:37Z" })
    void rejectsWhatIsNoHttpDate(String text) {
        assertTrue(HttpDate.parse(text).isEmpty(), text);
    }

    @Test
    void nullIsNoDate() {
        assertTrue(HttpDate.parse(null).isEmpty());
    }
}
