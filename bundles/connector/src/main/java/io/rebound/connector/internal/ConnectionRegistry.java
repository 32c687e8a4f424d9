package io.rebound.connector.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open connections of one connector instance, so that a stop can reach every one of them, counted by client
 * address for the per-address limit.
 */
final class ConnectionRegistry {

    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    void add(Connection connection) {
        if (open.add(connection)) {
            perAddress.merge(connection.remote().getAddress(), 1, Integer::sum);
        }
    }

    /** Forgets a connection; a second call for the same one (a close after a handover) changes nothing. */
    void remove(Connection connection) {
        if (open.remove(connection)) {
            perAddress.computeIfPresent(connection.remote().getAddress(), (address, n) -> n > 1 ? n - 1 : null);
        }
    }

    int size() {
        return open.size();
    }

    /** @return the open connections from {@code address} */
    int openFrom(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    List<Connection> snapshot() {
        return List.copyOf(open);
    }
}
