package io.rebound.recovery.api;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A component that accepts injected faults. Registered only when the server runs with {@code --faults}; the
 * supervisor finds a target's component from the bundle that registered it.
 */
@ConsumerType
public interface FaultTarget {

    /** @return the kinds this component can be given */
    Set<FaultKind> kinds();

    /**
     * Arms a fault; it strikes at the component's next call or in its thread, as {@link FaultKind} describes.
     *
     * @throws IllegalArgumentException for a kind not in {@link #kinds()}
     */
    void inject(FaultKind kind);
}
