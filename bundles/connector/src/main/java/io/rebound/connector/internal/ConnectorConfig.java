package io.rebound.connector.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Tuning of the connector (configuration PID {@code io.rebound.connector}). */
@ObjectClassDefinition(name = "Rebound connector", description = "Connection handling of the public HTTP port")
@interface ConnectorConfig {

    // The defaults, as constants the component reads its configuration with (see ConfigProperties for why).
    int MAX_WORKERS = 256;
    int MAX_CONNECTIONS = 10_000;
    int MAX_CONNECTIONS_PER_ADDRESS = 1024;
    long IDLE_TIMEOUT_MILLIS = 30_000;
    long HEADER_TIMEOUT_MILLIS = 10_000;
    long BODY_TIMEOUT_MILLIS = 30_000;
    long MIN_BODY_RATE = 500;
    long WRITE_TIMEOUT_MILLIS = 30_000;
    long MAX_BODY_BYTES = 64L * 1024 * 1024;
    long KEEPALIVE_LINGER_MILLIS = 20;
    long HOLD_MILLIS = 2_000;
    long STOP_TIMEOUT_MILLIS = 5_000;

    @AttributeDefinition(description = "Most worker threads serving requests at once")
    int max_workers() default MAX_WORKERS;

    @AttributeDefinition(description = "Most open client connections; more are answered 503 and closed")
    int max_connections() default MAX_CONNECTIONS;

    @AttributeDefinition(description = "Most open connections from one client address; more are answered 503 and "
            + "closed, so that one client cannot take all connections")
    int max_connections_per_address() default MAX_CONNECTIONS_PER_ADDRESS;

    @AttributeDefinition(description = "A connection waiting this long for its first or next request is closed")
    long idle_timeout_millis() default IDLE_TIMEOUT_MILLIS;

    @AttributeDefinition(description = "Time allowed to receive a whole request head once it has started (408)")
    long header_timeout_millis() default HEADER_TIMEOUT_MILLIS;

    @AttributeDefinition(description = "Longest silence while reading a request body, and the time a small body "
            + "read before dispatching must arrive in (408)")
    long body_timeout_millis() default BODY_TIMEOUT_MILLIS;

    @AttributeDefinition(description = "Lowest average rate, in bytes per second, of a request body a handler "
            + "reads, measured after the first body_timeout_millis (408 below it; 0 for no minimum)")
    long min_body_rate() default MIN_BODY_RATE;

    @AttributeDefinition(description = "Longest time a client may leave a response unread before it is cut off")
    long write_timeout_millis() default WRITE_TIMEOUT_MILLIS;

    @AttributeDefinition(description = "Largest request body accepted (413 beyond)")
    long max_body_bytes() default MAX_BODY_BYTES;

    @AttributeDefinition(description = "How long a worker serving a connection handed to the pool waits for the next "
            + "request on it before handing the connection back to its selector loop (the loops never wait)")
    long keepalive_linger_millis() default KEEPALIVE_LINGER_MILLIS;

    @AttributeDefinition(description = "How long a request waits for a rebooting parser or router (or for the "
            + "replacement of one that just failed) before it is answered 503")
    long hold_millis() default HOLD_MILLIS;

    @AttributeDefinition(description = "Time in-flight requests get to finish when the connector stops")
    long stop_timeout_millis() default STOP_TIMEOUT_MILLIS;
}
