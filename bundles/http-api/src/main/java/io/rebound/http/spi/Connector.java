package io.rebound.http.spi;

import java.net.InetSocketAddress;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registered by the connector while it is accepting connections: its presence means the public port is served.
 * The launcher waits for it before printing the ready line.
 */
@ProviderType
public interface Connector {

    /** @return the address the public listening socket is bound to */
    InetSocketAddress localAddress();

    /** @return connections open right now */
    int openConnections();
}
