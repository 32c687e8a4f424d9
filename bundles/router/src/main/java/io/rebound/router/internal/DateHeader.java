package io.rebound.router.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The value of the {@code Date} header in IMF-fixdate form (RFC 9110 section 5.6.7). Every response needs one but
 * it changes once a second, so the text is formatted at most once per second and shared.
 */
final class DateHeader {

    // DateTimeFormatter is immutable; RFC_1123_DATE_TIME is not used because it does not zero-pad the day.
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** The formatted text for one second; replaced as a whole so readers never see half an update. */
    private record Formatted(long epochSecond, String text) {
    }

    // Null for the system clock: System::currentTimeMillis would cost a generated class in every new class loader,
    // made while a reboot of the router holds requests.
    private final LongSupplier epochMillis;
    private volatile Formatted current = new Formatted(Long.MIN_VALUE, "");

    /** Dates by the system clock. */
    DateHeader() {
        this.epochMillis = null;
    }

    DateHeader(LongSupplier epochMillis) {
        this.epochMillis = Objects.requireNonNull(epochMillis);
    }

    /** @return the header value for now */
    String value() {
        long millis = epochMillis == null ? System.currentTimeMillis() : epochMillis.getAsLong();
        long second = Math.floorDiv(millis, 1000L);
        Formatted f = current;
        if (f.epochSecond() != second) {
            // Two threads may both format the new second; the result is the same, so the race is harmless.
            f = new Formatted(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
            current = f;
        }
        return f.text();
    }

    /** Formats {@code epochMillis} directly; for tests to compare against. */
    static String format(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
    }
}
