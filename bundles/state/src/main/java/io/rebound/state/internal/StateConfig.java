package io.rebound.state.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the durable store, PID {@code io.rebound.state}. The file is {@code <rebound.data>/state/rebound.mv}. */
@ObjectClassDefinition(name = "Rebound state store",
        description = "The durable store under <rebound.data>/state/: fsync policy, limits, housekeeping")
public @interface StateConfig {

    @AttributeDefinition(name = "fsync",
            description = "true: a change returns once forced to the disk (survives power loss and OS crashes); "
                    + "false: once written to the operating system (survives the process being killed, not a power loss)")
    boolean fsync() default true;

    @AttributeDefinition(name = "Commit timeout (ms)", min = "1",
            description = "Longest wait for a change to become durable before it fails with StateException")
    long commit_timeout_millis() default 30_000;

    @AttributeDefinition(name = "Cache (MiB)", min = "1", description = "Page cache of the store")
    int cache_size_mb() default 16;

    @AttributeDefinition(name = "Housekeeping interval (s)", min = "1",
            description = "How often partly empty chunks of the file are rewritten so the file does not keep growing")
    int housekeeping_interval_seconds() default 30;
}
