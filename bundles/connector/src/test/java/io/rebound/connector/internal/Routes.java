package io.rebound.connector.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpResponse;
import io.rebound.http.spi.Dispatcher;

/** A tiny router for tests (exact path match, 404 otherwise) and the handlers the tests route to. */
final class Routes implements Dispatcher {

    private final Map<String, Dispatcher> byPath = new ConcurrentHashMap<>();

    Routes on(String path, Dispatcher handler) {
        byPath.put(path, handler);
        return this;
    }

    @Override
    public void dispatch(HttpRequest request, HttpResponse response) throws IOException {
        Dispatcher handler = byPath.get(request.path());
        if (handler == null) {
            response.send(404, "text/plain", "no route\n".getBytes(StandardCharsets.UTF_8));
        } else {
            handler.dispatch(request, response);
        }
    }

    /** Answers {@code text} with a declared length, ignoring any request body. */
    static Dispatcher text(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return (request, response) -> response.send(200, "text/plain", bytes);
    }

    /** Answers the request body, read to its end, with a declared length. */
    static Dispatcher echo() {
        return (request, response) -> response.send(200, "application/octet-stream",
                request.body().readAllBytes());
    }

    /**
     * Counts {@code entered} down, then blocks (without waiting on the client, like a slow disk or a lock would)
     * until {@code release} opens, and answers {@code text}. Fails the request if not released within 30 s or
     * interrupted.
     */
    static Dispatcher blocking(CountDownLatch entered, CountDownLatch release, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return (request, response) -> {
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            response.send(200, "text/plain", bytes);
        };
    }

    /** Answers the request-target, so pipelined answers can be told apart. */
    static Dispatcher target() {
        return (request, response) -> response.send(200, "text/plain",
                request.target().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code parts} into the body stream without declaring a length, flushing after each. */
    static Dispatcher streamed(String... parts) {
        return (request, response) -> {
            response.header("Content-Type", "text/plain");
            OutputStream out = response.body();
            for (String part : parts) {
                out.write(part.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.close();
        };
    }
}
