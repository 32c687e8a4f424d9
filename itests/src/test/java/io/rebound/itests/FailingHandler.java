package io.rebound.itests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import io.rebound.http.api.HttpHandler;
import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpResponse;

/**
 * A handler the tests register themselves: its first {@code failures} calls throw (a crash of the handler, as the
 * router sees it), each after {@code failMillis} — a failure that takes a while, like a call to a dead backend
 * timing out — and later calls answer {@code 200 "ok <call number>"}. It counts its calls, so a test can tell how
 * often the router really invoked it (a retry, a circuit breaker that let a call through).
 */
final class FailingHandler implements HttpHandler {

    private final int failures;
    private final long failMillis;
    private final AtomicInteger calls = new AtomicInteger();

    FailingHandler(int failures, long failMillis) {
        this.failures = failures;
        this.failMillis = failMillis;
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        int call = calls.incrementAndGet();
        if (call <= failures) {
            if (failMillis > 0) {
                try {
                    Thread.sleep(failMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new IllegalStateException("FailingHandler: simulated crash of call " + call + " of " + failures);
        }
        try (InputStream body = request.body()) {
            body.readAllBytes();
        }
        response.send(200, "text/plain; charset=utf-8", ("ok " + call + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** @return how many times the router called this handler */
    int calls() {
        return calls.get();
    }
}
