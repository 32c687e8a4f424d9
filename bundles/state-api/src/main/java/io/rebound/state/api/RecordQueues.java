package io.rebound.state.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Named bounded queues of text records that live in the never-rebooted state bundle, so that what producers offered
 * and a consumer had not yet finished with is still there for the consumer's next instance after it crashes or is
 * rebooted. The queues are in memory: they survive component reboots, not the process.
 */
@ProviderType
public interface RecordQueues {

    /**
     * The queue of the access log: records offered by the state bundle's {@code AccessLog} service (encoded by
     * {@link QueuedAccessRecord}) and written to the log file by the {@code accesslog} component.
     */
    String ACCESS_LOG = "accesslog";

    /** The capacity of a queue no one has sized. */
    int DEFAULT_CAPACITY = 65_536;

    /**
     * @param name the queue's name
     * @return the queue, created with {@link #DEFAULT_CAPACITY} when first asked for
     */
    RecordQueue queue(String name);

    /**
     * @param name the queue's name
     * @param capacity the bound to set, at least 1; records already queued beyond it stay queued
     * @return the queue, created when first asked for
     */
    RecordQueue queue(String name, int capacity);
}
