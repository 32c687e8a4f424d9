package io.rebound.connector.internal;

import java.net.InetAddress;
import java.util.HashMap;
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
    // Changed once per connection, read once per accept: a lock is cheap here, and plain map calls (no merge or
    // compute with a lambda) cost no generated class in each new class loader while a reboot holds requests.
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();

    void add(Connection connection) {
        if (open.add(connection)) {
            InetAddress address = connection.remote().getAddress();
            synchronized (perAddress) {
                Integer n = perAddress.get(address);
                perAddress.put(address, n == null ? 1 : n + 1);
            }
        }
    }

    /** Forgets a connection; a second call for the same one (a close after a handover) changes nothing. */
    void remove(Connection connection) {
        if (open.remove(connection)) {
            InetAddress address = connection.remote().getAddress();
            synchronized (perAddress) {
                Integer n = perAddress.get(address);
                if (n != null && n > 1) {
                    perAddress.put(address, n - 1);
                } else {
                    perAddress.remove(address);
                }
            }
        }
    }

    int size() {
        return open.size();
    }

    /** @return the open connections from {@code address} */
    int openFrom(InetAddress address) {
        synchronized (perAddress) {
            return perAddress.getOrDefault(address, 0);
        }
    }

    List<Connection> snapshot() {
        return List.copyOf(open);
    }
}
