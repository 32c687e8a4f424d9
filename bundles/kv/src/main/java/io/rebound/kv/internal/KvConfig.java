package io.rebound.kv.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the kv handler, PID {@value KvHandler#PID}. */
@ObjectClassDefinition(name = "Rebound kv", description = "Durable key-value store at /kv/{key}")
public @interface KvConfig {

    // The defaults, as constants the component reads its configuration with (see ConfigProperties for why).
    int MAX_KEY_BYTES = 512;
    int MAX_VALUE_BYTES = 1024 * 1024;
    int LIST_DEFAULT_LIMIT = 1000;
    int LIST_MAX_LIMIT = 10_000;

    @AttributeDefinition(name = "Longest key (bytes)", min = "1",
            description = "Keys are the percent-decoded path after /kv/, as UTF-8; a longer one is answered 414")
    int max_key_bytes() default MAX_KEY_BYTES;

    @AttributeDefinition(name = "Largest value (bytes)", min = "0",
            description = "A PUT body above this is answered 413")
    int max_value_bytes() default MAX_VALUE_BYTES;

    @AttributeDefinition(name = "Listing page", min = "1",
            description = "Keys a listing returns when the request gives no limit")
    int list_default_limit() default LIST_DEFAULT_LIMIT;

    @AttributeDefinition(name = "Largest listing page", min = "1", description = "The most keys one listing returns")
    int list_max_limit() default LIST_MAX_LIMIT;
}
