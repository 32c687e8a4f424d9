package io.rebound.http.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Records one line per response. Implementations must not block the caller on I/O: the connector calls this on its
 * request path.
 */
@ProviderType
public interface AccessLog {

    /** Queues {@code record} for writing. */
    void log(AccessRecord record);
}
