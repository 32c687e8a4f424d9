package io.rebound.http.spi;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Keeps open client connections across a reboot of the connector, the way the listener keeps the listening socket:
 * a stopping connector deposits its idle keep-alive connections (with any bytes already read from them) instead of
 * closing them, and the next connector takes them over, so a client between two requests never sees its connection
 * drop. Provided by a bundle that is never rebooted.
 */
@ProviderType
public interface Handover {

    /**
     * A connection in transit.
     *
     * @param channel the open, non-blocking client channel
     * @param pending bytes received but not yet consumed (the start of the next request), in read mode
     */
    record Deposit(SocketChannel channel, ByteBuffer pending) {
    }

    /** Leaves a connection for the next connector. */
    void deposit(Deposit deposit);

    /** @return every deposited connection, removing them */
    List<Deposit> withdrawAll();
}
