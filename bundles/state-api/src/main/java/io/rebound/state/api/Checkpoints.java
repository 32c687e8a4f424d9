package io.rebound.state.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable checkpoints of components' in-memory state, one (the latest) per name. A component may call this
 * directly, or register a {@link Checkpointable} service and let the state bundle checkpoint and restore it.
 */
@ProviderType
public interface Checkpoints {

    /**
     * Saves {@code state} as the latest checkpoint of {@code name} and waits until it is durable.
     *
     * @param name the component's name (its {@link Checkpointable#NAME}, or any stable name)
     * @throws StateException when the checkpoint could not be made durable
     */
    void save(String name, byte[] state);

    /** @return the latest checkpoint saved under {@code name}, if there is one */
    Optional<Checkpoint> latest(String name);
}
