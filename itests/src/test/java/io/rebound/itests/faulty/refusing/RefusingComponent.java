package io.rebound.itests.faulty.refusing;

import java.util.concurrent.Callable;

/**
 * A component whose activation fails once, as one does whose resource is not there yet: while the system property
 * {@value #REFUSE} says {@code once}, activating consumes it and throws, and SCR leaves the component in
 * FAILED_ACTIVATION with its bundle ACTIVE. Nothing in the bundle ever tries again. As a {@code Callable} it answers
 * that it is active.
 */
public class RefusingComponent implements Callable<String> {

    public static final String REFUSE = "itest.faulty.refusing.refuse";

    public void activate() {
        if ("once".equals(System.clearProperty(REFUSE))) {
            throw new IllegalStateException("refusing component: its resource is not there yet");
        }
    }

    public void deactivate() {
        // Nothing held.
    }

    @Override
    public String call() {
        return "active";
    }
}
