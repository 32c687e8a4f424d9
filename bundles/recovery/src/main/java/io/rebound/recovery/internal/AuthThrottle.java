package io.rebound.recovery.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down token guessing on the admin port: per source address, after {@code freeFailures} consecutive failed
 * authentications every further one locks the address out for a period that doubles each time (up to a cap).
 * While locked out a request is refused before its token is even looked at, so guessing gains nothing from
 * trying faster. A successful authentication clears the address's record.
 *
 * <p>Remembers a bounded number of addresses (least recently seen forgotten first), so a scan from many addresses
 * cannot grow it without end. The admin port sees little traffic; one lock is plenty.
 */
final class AuthThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration FIRST_LOCKOUT = Duration.ofSeconds(1);
    static final Duration MAX_LOCKOUT = Duration.ofMinutes(5);
    private static final int MAX_SOURCES = 4_096;

    private static final class Record {
        int failures;
        long lockedUntil;
    }

    private final int freeFailures;
    private final long firstLockoutNanos;
    private final long maxLockoutNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Record> sources = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    AuthThrottle() {
        this(FREE_FAILURES, FIRST_LOCKOUT, MAX_LOCKOUT, System::nanoTime);
    }

    AuthThrottle(int freeFailures, Duration firstLockout, Duration maxLockout, LongSupplier nanoClock) {
        this.freeFailures = freeFailures;
        this.firstLockoutNanos = firstLockout.toNanos();
        this.maxLockoutNanos = maxLockout.toNanos();
        this.nanoClock = nanoClock;
    }

    /** @return how long {@code source} must still wait, or {@link Duration#ZERO} when it may try now */
    synchronized Duration lockedOut(String source) {
        Record record = sources.get(source);
        if (record == null) {
            return Duration.ZERO;
        }
        long left = record.lockedUntil - nanoClock.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** Records a failed authentication. */
    synchronized void failed(String source) {
        Record record = sources.computeIfAbsent(source, s -> new Record());
        record.failures++;
        int over = record.failures - freeFailures;
        if (over >= 0) {
            // 1 s, 2 s, 4 s, ... : shift only while it cannot overflow, then the cap applies anyway.
            long lockout = over >= 30 ? maxLockoutNanos : Math.min(maxLockoutNanos, firstLockoutNanos << over);
            record.lockedUntil = nanoClock.getAsLong() + lockout;
        }
    }

    /** Records a successful authentication: the address starts afresh. */
    synchronized void succeeded(String source) {
        sources.remove(source);
    }
}
