package io.rebound.connector.internal;

import static io.rebound.connector.internal.TestSettings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Idle connections are parked on the selector, not held by workers: far more keep-alive clients than workers are
 * all served, in any order.
 */
class ParkingTest {

    private static final int WORKERS = 4;

    private TestServer server;
    private final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawClient c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twoHundredKeepAliveConnectionsShareFourWorkers() throws IOException {
        server = TestServer.start(settings().maxWorkers(WORKERS).lingerMillis(0), new Routes().on("/t",
                Routes.target()));
        for (int i = 0; i < 200; i++) {
            clients.add(RawClient.connect(server.port()));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            order.add(i);
        }
        Random random = new Random(7);
        for (int round = 0; round < 3; round++) {
            // A different order every round: no worker may wait for one particular client.
            Collections.shuffle(order, random);
            for (int i : order) {
                String target = "/t?client=" + i + "&round=" + round;
                RawResponse r = clients.get(i).get(target);
                assertEquals(target, r.bodyText());
                assertFalse(r.closes(), r::toString);
            }
        }
        assertEquals(200, server.connector().openConnections());
    }

    @Test
    void silentNewConnectionsDoNotHoldWorkers() throws IOException {
        // A long header timeout: if silent connections held the workers, the last client would wait for it.
        server = TestServer.start(settings().maxWorkers(2).headerMillis(30_000), new Routes().on("/t",
                Routes.target()));
        for (int i = 0; i < 6; i++) {
            clients.add(RawClient.connect(server.port()));
        }
        try (RawClient late = RawClient.connect(server.port())) {
            long started = System.nanoTime();
            assertEquals("/t?late", late.get("/t?late").bodyText());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "late client waited for a worker");
        }
        // The silent ones were parked, not dropped: each can still send its request.
        for (int i = clients.size() - 1; i >= 0; i--) {
            assertEquals("/t?silent=" + i, clients.get(i).get("/t?silent=" + i).bodyText());
        }
    }
}
