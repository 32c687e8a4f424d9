package io.rebound.itests;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps GET requests flowing from a background thread until closed, the way clients keep using a server while one
 * of its components fails: over a keep-alive connection, reopened after any error (a reset, a timeout, a 503 with
 * {@code Connection: close}). It counts what it got, so a test can tell that the fault struck and that the server
 * served again.
 */
final class Traffic implements AutoCloseable {

    /** Longer than a hang deadline in these tests, so a hung request ends by recovery, not by the client. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** A steady trickle, not a load test: enough to make a fault strike within a few milliseconds. */
    private static final long PAUSE_MILLIS = 20;

    private final int port;
    private final String path;
    private final Thread thread;
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final AtomicLong maxLatencyMillis = new AtomicLong();
    private final AtomicInteger ok = new AtomicInteger();
    private volatile boolean running = true;
    private volatile RawConnection connection;

    private Traffic(int port, String path, String name) {
        this.port = port;
        this.path = path;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /** Starts sending {@code GET path} to {@code 127.0.0.1:port}. */
    static Traffic start(int port, String path) {
        Traffic traffic = new Traffic(port, path, "itest-traffic");
        traffic.thread.start();
        return traffic;
    }

    private void run() {
        while (running) {
            try (RawConnection c = RawConnection.open(port, READ_TIMEOUT)) {
                connection = c;
                boolean reusable = true;
                while (running && reusable) {
                    long started = System.nanoTime();
                    c.send("GET " + path + " HTTP/1.1\r\nHost: itest\r\nUser-Agent: rebound-itest-traffic\r\n\r\n");
                    RawResponse response = c.read(false);
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    maxLatencyMillis.accumulateAndGet(millis, Math::max);
                    record(String.valueOf(response.status()));
                    if (response.status() == 200) {
                        ok.incrementAndGet();
                    }
                    reusable = !response.hasToken("Connection", "close");
                    pause();
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    record(e.getClass().getSimpleName());
                    pause();
                }
            } finally {
                connection = null;
            }
        }
    }

    private synchronized void record(String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }

    private void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    /** @return how many requests answered 200 so far */
    int ok() {
        return ok.get();
    }

    /** @return the longest time one request took, in milliseconds */
    long maxLatencyMillis() {
        return maxLatencyMillis.get();
    }

    /** @return outcome (status code or exception) → count */
    synchronized Map<String, Integer> outcomes() {
        return new TreeMap<>(outcomes);
    }

    @Override
    public void close() {
        running = false;
        RawConnection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Closing only to wake the thread.
            }
        }
        thread.interrupt();
        try {
            thread.join(READ_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "traffic GET " + path + ": " + outcomes() + ", slowest " + maxLatencyMillis() + " ms";
    }
}
