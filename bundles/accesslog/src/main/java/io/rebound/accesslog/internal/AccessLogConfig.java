package io.rebound.accesslog.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the access log (PID {@code io.rebound.accesslog}). Property names follow the DS mapping of
 * method names: {@code queue.capacity} and {@code flush.interval.millis}.
 */
@ObjectClassDefinition(name = "Rebound access log",
        description = "Combined Log Format lines written to <rebound.data>/logs/access.log by a background thread")
public @interface AccessLogConfig {

    // The defaults, as constants the component reads its configuration with (see ConfigProperties for why).
    int QUEUE_CAPACITY = 65536;
    long FLUSH_INTERVAL_MILLIS = 1000;

    @AttributeDefinition(name = "Queue capacity", min = "1", max = "16777216",
            description = "Records waiting to be written (the queue is kept by the state bundle across reboots of this "
                    + "component); when it is full new records are dropped and counted")
    int queue_capacity() default QUEUE_CAPACITY;

    @AttributeDefinition(name = "Flush interval (ms)", min = "1", max = "3600000",
            description = "Longest time written lines may stay buffered while records keep arriving")
    long flush_interval_millis() default FLUSH_INTERVAL_MILLIS;
}
