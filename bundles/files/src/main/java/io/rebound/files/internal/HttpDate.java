package io.rebound.files.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.OptionalLong;

/** HTTP-dates (RFC 9110 section 5.6.7), at the one-second precision HTTP has. */
final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    // RFC 9110 makes recipients accept the two obsolete forms too. A two-digit year more than 50 years ahead
    // belongs to the previous century.
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).minusYears(49))
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US);

    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private HttpDate() {
    }

    private record Formatted(long epochSeconds, String text) {
    }

    // The last date formatted: a busy file is asked for again and again with the same Last-Modified.
    private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    /** @return {@code epochSeconds} as an IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT} */
    static String format(long epochSeconds) {
        Formatted f = last;
        if (f.epochSeconds != epochSeconds) {
            f = new Formatted(epochSeconds, IMF_FIXDATE.format(LocalDateTime.ofEpochSecond(epochSeconds, 0,
                    ZoneOffset.UTC)));
            last = f;
        }
        return f.text;
    }

    /** @return the seconds since the epoch {@code text} names, or empty when it is no valid HTTP-date */
    static OptionalLong parse(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        String trimmed = text.trim();
        for (DateTimeFormatter format : new DateTimeFormatter[] { IMF_FIXDATE, RFC_850, ASCTIME }) {
            try {
                return OptionalLong.of(LocalDateTime.parse(trimmed, format).toEpochSecond(ZoneOffset.UTC));
            } catch (DateTimeException e) {
                // Not this form; try the next.
            }
        }
        return OptionalLong.empty();
    }
}
