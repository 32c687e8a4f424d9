package io.rebound.accesslog.internal;

import io.rebound.http.spi.AccessRecord;
import io.rebound.state.api.QueuedAccessRecord;
import io.rebound.state.api.RecordQueue;
import io.rebound.state.api.RecordQueues;

/** Access records for tests. */
final class Records {

    // 2024-09-05T13:04:05.678Z
    static final long SEP_5_2024 = 1725541445_678L;

    private Records() {
    }

    static AccessRecord get(String target) {
        return new AccessRecord("127.0.0.1", SEP_5_2024, "GET", target, "HTTP/1.1", 200, 1234,
                "http://example.com/", "curl/8.5.0", 250);
    }

    /** Logs {@code record} the way the connector does: through the state bundle's queue. */
    static void log(RecordQueues queues, AccessRecord record) {
        log(queues.queue(RecordQueues.ACCESS_LOG), record);
    }

    static void log(RecordQueue queue, AccessRecord record) {
        queue.offer(QueuedAccessRecord.encode(record));
    }

    static AccessRecord withAgent(String userAgent) {
        return new AccessRecord("127.0.0.1", SEP_5_2024, "GET", "/", "HTTP/1.1", 200, 5, null, userAgent, 1);
    }
}
