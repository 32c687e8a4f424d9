package io.rebound.recovery.api;

import java.util.concurrent.ThreadFactory;

import org.osgi.annotation.versioning.ProviderType;

/** The supervisor's side of cooperation, registered as a service by the recovery bundle. */
@ProviderType
public interface Supervision {

    /**
     * Marks the start of a call into another component, on the calling thread. The supervisor treats a call that
     * makes no {@link Call#progress() progress} for longer than the callee's deadline as a hang of the callee, and
     * a call that {@link Call#failed fails} as a failure of the callee. Use try-with-resources.
     *
     * @param callee the service object called (its bundle is the component blamed)
     * @return the call, to close when it returns
     */
    Call enter(Object callee);

    /**
     * A thread factory whose threads are watched: a thread that dies of an uncaught throwable is reported as a
     * crash of {@code owner}'s component, without guessing from stack frames.
     *
     * @param owner an object of the owning component (its bundle is the component)
     * @param namePrefix thread names are {@code namePrefix + "-" + n}
     */
    ThreadFactory threadFactory(Object owner, String namePrefix);

    /**
     * Reports a failure the component noticed itself (corrupted state, a resource it cannot get back). The supervisor
     * applies the component's restart policy.
     *
     * @param owner an object of the failed component
     * @param cause one line saying what is wrong
     */
    void failed(Object owner, String cause);
}
