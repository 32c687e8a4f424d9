package io.rebound.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class DateHeaderTest {

    @Test
    void formatsImfFixdateWithZeroPaddedDay() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", DateHeader.format(784111777_000L));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", DateHeader.format(0));
        assertEquals("Wed, 31 Dec 1969 23:59:59 GMT", DateHeader.format(-1));
    }

    @Test
    void formatsAtMostOncePerSecond() {
        AtomicLong now = new AtomicLong(784111777_000L);
        DateHeader date = new DateHeader(now::get);
        String first = date.value();
        now.set(784111777_999L);
        assertSame(first, date.value(), "same second, same cached text");
        now.set(784111778_000L);
        String next = date.value();
        assertNotSame(first, next);
        assertEquals("Sun, 06 Nov 1994 08:49:38 GMT", next);
    }
}
