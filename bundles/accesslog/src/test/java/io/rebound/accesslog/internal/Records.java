package io.rebound.accesslog.internal;

import io.rebound.http.spi.AccessRecord;

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

    static AccessRecord withAgent(String userAgent) {
        return new AccessRecord("127.0.0.1", SEP_5_2024, "GET", "/", "HTTP/1.1", 200, 5, null, userAgent, 1);
    }
}
