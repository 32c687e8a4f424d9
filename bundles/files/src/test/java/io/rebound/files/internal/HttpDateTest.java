package io.rebound.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
