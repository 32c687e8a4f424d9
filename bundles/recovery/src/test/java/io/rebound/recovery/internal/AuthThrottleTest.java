package io.rebound.recovery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class AuthThrottleTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AuthThrottle throttle = new AuthThrottle(3, Duration.ofSeconds(1), Duration.ofSeconds(10),
            clock::get);

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    @Test
    void freeFailuresThenExponentialLockoutsUpToTheCap() {
        throttle.failed("a");
        throttle.failed("a");
        assertEquals(Duration.ZERO, throttle.lockedOut("a"));
        throttle.failed("a");
        assertEquals(Duration.ofSeconds(1), throttle.lockedOut("a"));
        advance(Duration.ofMillis(400));
        assertEquals(Duration.ofMillis(600), throttle.lockedOut("a"));
        advance(Duration.ofMillis(600));
        assertEquals(Duration.ZERO, throttle.lockedOut("a"));
        throttle.failed("a");
        assertEquals(Duration.ofSeconds(2), throttle.lockedOut("a"));
        advance(Duration.ofSeconds(2));
        throttle.failed("a");
        assertEquals(Duration.ofSeconds(4), throttle.lockedOut("a"));
        for (int i = 0; i < 40; i++) {
            advance(Duration.ofMinutes(1));
            throttle.failed("a");
        }
        assertEquals(Duration.ofSeconds(10), throttle.lockedOut("a"));
    }

    @Test
    void addressesAreCountedApartAndSuccessForgives() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("a");
        }
        assertEquals(Duration.ZERO, throttle.lockedOut("b"));
        advance(Duration.ofSeconds(1));
        throttle.succeeded("a");
        throttle.failed("a");
        throttle.failed("a");
        assertEquals(Duration.ZERO, throttle.lockedOut("a"), "the count starts again after a success");
    }
}
