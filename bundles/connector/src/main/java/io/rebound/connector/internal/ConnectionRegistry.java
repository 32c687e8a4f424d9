package io.rebound.connector.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open connections of one connector instance, so that a stop can reach every one of them. */
final class ConnectionRegistry {

    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    void add(Connection connection) {
        open.add(connection);
    }

    void remove(Connection connection) {
        open.remove(connection);
    }

    int size() {
        return open.size();
    }

    List<Connection> snapshot() {
        return List.copyOf(open);
    }
}
