package io.rebound.itests;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Several clients using the server at once from threads of their own, the way real clients keep coming while a
 * component reboots: some over one keep-alive connection each (reopened only when the server says
 * {@code Connection: close}), some over a fresh connection per request. Every answer must be 200 with exactly the
 * file's bytes; anything else — another status, a wrong body, a refused, reset or closed connection, a timeout — is
 * recorded as a failure with when it happened, so a test can require that no client noticed anything.
 */
final class ClientCrowd implements AutoCloseable {

    /** Longer than any hold or hang deadline in these tests: a request the server stalls fails as a timeout. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    /** A short breath between requests, so that a few clients keep a 2-core machine busy but not saturated. */
    private static final long PAUSE_MILLIS = 2;

    private final int port;
    private final List<String> paths;
    private final List<Client> clients = new ArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final long startedNanos = System.nanoTime();
    private volatile boolean running = true;

    private ClientCrowd(int port, List<String> paths) {
        this.port = port;
        this.paths = paths;
    }

    /**
     * Starts the clients.
     *
     * @param keepAlive clients that each keep one connection for all their requests
     * @param fresh clients that open a new connection for every request
     * @param paths the files requested, in turn; each must be a {@link TestDocroot} file
     */
    static ClientCrowd start(int port, int keepAlive, int fresh, String... paths) {
        ClientCrowd crowd = new ClientCrowd(port, List.of(paths));
        for (int i = 0; i < keepAlive + fresh; i++) {
            crowd.clients.add(crowd.new Client(i < keepAlive, i));
        }
        crowd.clients.forEach(c -> c.thread.start());
        return crowd;
    }

    /** @return requests answered 200 with the right body, per client */
    long[] okCounts() {
        return clients.stream().mapToLong(c -> c.ok.get()).toArray();
    }

    /** @return every answered request, all clients together */
    long ok() {
        return Arrays.stream(okCounts()).sum();
    }

    /** @return what went wrong so far, one line per failed request */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /**
     * Waits until every client has had at least one more good answer than now: all of them are being served
     * (again). Fails as soon as a failure is recorded, or when the deadline passes.
     */
    void awaitEveryClientServed(String when) {
        long[] before = okCounts();
        // A failure ends the wait at once (Await would take an exception from the probe for "not yet").
        Await.until("every client to get another 200 " + when + " (ok so far " + Arrays.toString(before) + ")",
                () -> {
                    if (!failures.isEmpty()) {
                        return true;
                    }
                    long[] now = okCounts();
                    for (int i = 0; i < now.length; i++) {
                        if (now[i] <= before[i]) {
                            return false;
                        }
                    }
                    return true;
                });
        if (!failures.isEmpty()) {
            throw new AssertionError("clients saw failures " + when + ": " + failures);
        }
    }

    @Override
    public void close() {
        running = false;
        for (Client c : clients) {
            c.interrupt();
        }
        for (Client c : clients) {
            try {
                c.thread.join(READ_TIMEOUT.toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return clients.size() + " clients, ok " + Arrays.toString(okCounts()) + ", failures " + failures;
    }

    /** One client thread. */
    private final class Client {

        private final boolean keepAlive;
        private final String name;
        private final Thread thread;
        private final AtomicLong ok = new AtomicLong();
        private volatile RawConnection connection;

        Client(boolean keepAlive, int index) {
            this.keepAlive = keepAlive;
            this.name = (keepAlive ? "keep-alive-" : "fresh-") + index;
            this.thread = new Thread(this::run, "itest-crowd-" + name);
            thread.setDaemon(true);
        }

        private void run() {
            int turn = 0;
            RawConnection c = null;
            while (running) {
                String path = paths.get(turn++ % paths.size());
                String what = "GET " + path + " on a " + (c == null ? "new" : "reused") + " connection";
                String stage = "connecting";
                try {
                    if (c == null) {
                        c = RawConnection.open(port, READ_TIMEOUT);
                        connection = c;
                    }
                    stage = "sending";
                    c.send("GET " + path + " HTTP/1.1\r\nHost: itest\r\nUser-Agent: rebound-itest-crowd\r\n"
                            + (keepAlive ? "" : "Connection: close\r\n") + "\r\n");
                    stage = "reading the response";
                    RawResponse response = c.read(false);
                    if (response.status() != 200) {
                        fail(what + ": status " + response.status() + " " + response.bodyText().trim());
                    } else if (!Arrays.equals(TestDocroot.content(path), response.body())) {
                        fail(what + ": 200 with a wrong body of " + response.body().length + " bytes");
                    } else {
                        ok.incrementAndGet();
                    }
                    if (!keepAlive || response.hasToken("Connection", "close")) {
                        c = closeQuietly(c);
                    }
                } catch (IOException | RuntimeException e) {
                    if (running) {
                        fail(what + ", " + stage + ": " + e);
                    }
                    c = closeQuietly(c);
                }
                pause();
            }
            closeQuietly(c);
        }

        private void fail(String what) {
            long at = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
            failures.add(name + " at +" + at + " ms: " + what);
        }

        private RawConnection closeQuietly(RawConnection c) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // Closing a connection the server may have closed already.
                }
            }
            connection = null;
            return null;
        }

        private void pause() {
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                // close() wakes us: the loop ends on the running flag.
            }
        }

        void interrupt() {
            RawConnection c = connection;
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // Closing only to wake the thread.
                }
            }
            thread.interrupt();
        }
    }
}
