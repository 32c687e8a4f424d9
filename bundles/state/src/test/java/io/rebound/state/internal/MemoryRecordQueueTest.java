package io.rebound.state.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.rebound.http.spi.AccessRecord;
import io.rebound.state.api.QueuedAccessRecord;
import io.rebound.state.api.RecordQueue;
import io.rebound.state.api.RecordQueues;

import org.junit.jupiter.api.Test;

class MemoryRecordQueueTest {

    @Test
    void peekLeavesRecordsUntilRemoved() throws Exception {
        RecordQueue queue = new MemoryRecordQueue("q", 10);
        queue.offer("a");
        queue.offer("b");
        queue.offer("c");
        assertEquals(List.of("a", "b"), queue.peek(2, 0, TimeUnit.MILLISECONDS));
        assertEquals(List.of("a", "b"), queue.peek(2, 0, TimeUnit.MILLISECONDS), "a consumer that died re-reads");
        queue.remove(2);
        assertEquals(List.of("c"), queue.peek(5, 0, TimeUnit.MILLISECONDS));
        assertThrows(IllegalArgumentException.class, () -> queue.remove(2));
        assertEquals(1, queue.size());
    }

    @Test
    void fullQueueRefusesAndCounts() {
        MemoryRecordQueue queue = new MemoryRecordQueue("q", 2);
        assertTrue(queue.offer("1"));
        assertTrue(queue.offer("2"));
        assertFalse(queue.offer("3"));
        assertEquals(1, queue.dropped());
        queue.resize(3);
        assertTrue(queue.offer("3"));
        assertEquals(3, queue.capacity());
        assertThrows(IllegalArgumentException.class, () -> queue.resize(0));
    }

    @Test
    void peekWaitsForARecordAndWakeEndsTheWait() throws Exception {
        RecordQueue queue = new MemoryRecordQueue("q", 10);
        CompletableFuture<List<String>> waiting = CompletableFuture.supplyAsync(() -> peek(queue, 30));
        queue.offer("late");
        assertEquals(List.of("late"), waiting.get(10, TimeUnit.SECONDS));
        queue.remove(1);

        long start = System.nanoTime();
        CompletableFuture<List<String>> woken = CompletableFuture.supplyAsync(() -> peek(queue, 30));
        // wake() before the peek starts waiting counts too: it is remembered until a peek sees it.
        queue.wake();
        assertEquals(List.of(), woken.get(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        assertEquals(List.of(), queue.peek(1, 1, TimeUnit.MILLISECONDS), "the wait runs out empty");
    }

    private static List<String> peek(RecordQueue queue, int seconds) {
        try {
            return queue.peek(10, seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void queuesAreSharedByNameAndOutliveTheirUsers() {
        MemoryRecordQueues queues = new MemoryRecordQueues();
        RecordQueue first = queues.queue("accesslog");
        first.offer("left by a consumer that crashed");
        RecordQueue again = queues.queue("accesslog", 5);
        assertSame(first, again);
        assertEquals(5, again.capacity());
        assertEquals(1, again.size());
        assertEquals(RecordQueues.DEFAULT_CAPACITY, queues.queue("other").capacity());
        assertThrows(IllegalArgumentException.class, () -> queues.queue("bad/name"));
    }

    @Test
    void theAccessLogServiceQueuesEncodedRecords() throws Exception {
        MemoryRecordQueues queues = new MemoryRecordQueues();
        QueuedAccessLog log = new QueuedAccessLog(queues);
        AccessRecord record = new AccessRecord("127.0.0.1", 1000, "GET", "/x", "HTTP/1.1", 200, 5, null, "ua", 7);
        log.log(record);
        List<String> queued = queues.queue(RecordQueues.ACCESS_LOG).peek(10, 0, TimeUnit.MILLISECONDS);
        assertEquals(1, queued.size());
        assertEquals(record, QueuedAccessRecord.decode(queued.get(0)));
    }
}
