package io.rebound.http.api;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * HTTP-dates (RFC 9110 section 5.6.7), at the one-second precision HTTP has: a response's {@code Date}, a
 * representation's {@code Last-Modified}, and the dates clients send in conditional requests.
 *
 * <p>Kept in this bundle, which is never rebooted, rather than in the components that send dates: they are rebooted,
 * and each would otherwise build its formatters, and link the java.time classes behind them, anew in every
 * microreboot, while requests wait for it.
 */
public final class HttpDate {

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

    /** One second's text; replaced as a whole, so a reader never sees half an update. */
    private record Formatted(long epochSecond, String text) {
    }

    // Two caches, because a response usually carries two dates: the current second (every response's Date), and
    // the last other date formatted (a busy file is asked for again and again with the same Last-Modified).
    private static volatile Formatted current = new Formatted(Long.MIN_VALUE, "");
    private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    private HttpDate() {
    }

    /** @return the current time as an IMF-fixdate, for a {@code Date} header; formatted at most once a second */
    public static String now() {
        long second = Math.floorDiv(System.currentTimeMillis(), 1000L);
        Formatted f = current;
        if (f.epochSecond() != second) {
            // Two threads may both format the new second; the text is the same, so the race is harmless.
            f = new Formatted(second, text(second));
            current = f;
        }
        return f.text();
    }

    /** @return {@code epochSeconds} as an IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT} */
    public static String format(long epochSeconds) {
        Formatted f = last;
        if (f.epochSecond() != epochSeconds) {
            f = new Formatted(epochSeconds, text(epochSeconds));
            last = f;
        }
        return f.text();
    }

    /**
     * @return the seconds since the epoch {@code text} names in any of the three forms RFC 9110 has recipients
     *         accept, or empty when it is null or no valid HTTP-date
     */
    public static OptionalLong parse(String text) {
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

    private static String text(long epochSeconds) {
        return IMF_FIXDATE.format(LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC));
    }
}
