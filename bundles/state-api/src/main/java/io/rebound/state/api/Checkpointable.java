package io.rebound.state.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A component that opts in to checkpoint/restore registers this as a service. The state bundle then:
 * <ul>
 * <li>calls {@link #restore} once, as soon as the service is registered, with the latest checkpoint saved under the
 * service's name (not at all when there is none);</li>
 * <li>calls {@link #checkpoint} every {@link #INTERVAL_SECONDS} seconds and saves the result;</li>
 * <li>calls {@link #checkpoint} once more when the service is unregistered — a planned reboot or stop, which
 * unregisters services before deactivating the component — so the next instance restores exactly where this one
 * stopped.</li>
 * </ul>
 * After a crash the latest checkpoint is what the next instance gets: a component that knows its state is suspect
 * (it saw an unexpected failure) returns {@code null} from {@link #checkpoint}, and the previous checkpoint stays.
 *
 * <p>Calls come from the thread registering or unregistering the service, or (periodic checkpoints) from the state
 * bundle's own thread through {@code Supervision.enter} when a supervisor is present, so a periodic checkpoint that
 * hangs is this component's hang. Keep them short: they hold up the other components' periodic checkpoints.
 */
@ConsumerType
public interface Checkpointable {

    /**
     * Service property: the name checkpoints are saved under. Defaults to the service's {@code component.name}
     * (the DS component name), else the registering bundle's symbolic name.
     */
    String NAME = "rebound.checkpoint.name";

    /** Service property: seconds between periodic checkpoints (a positive integer); default {@value #DEFAULT_INTERVAL_SECONDS}. */
    String INTERVAL_SECONDS = "rebound.checkpoint.interval.seconds";

    /** The period used when the service does not say. */
    int DEFAULT_INTERVAL_SECONDS = 10;

    /** @return the component's state now, or {@code null} to keep the previous checkpoint */
    byte[] checkpoint();

    /** Takes back the state of an earlier instance; called at most once, before any {@link #checkpoint}. */
    void restore(byte[] state);
}
