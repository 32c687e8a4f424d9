package io.rebound.recovery.internal;

import io.rebound.recovery.api.InvalidConfigurationException;

/**
 * Reads the failure SCR records for a component that failed to activate ({@code ComponentConfigurationDTO.failure}:
 * the exception's stack trace as text).
 */
final class ActivationFailure {

    private static final String CAUSED_BY = "Caused by: ";

    private ActivationFailure() {
    }

    /**
     * @param failure the recorded failure, possibly null
     * @return the innermost cause's line ({@code type: message}): a component activated through its constructor
     *         fails as an {@code InvocationTargetException} whose own line says nothing of what went wrong
     */
    static String cause(String failure) {
        if (failure == null || failure.isBlank()) {
            return "unknown";
        }
        String cause = failure;
        int at = failure.lastIndexOf(CAUSED_BY);
        if (at >= 0) {
            cause = failure.substring(at + CAUSED_BY.length());
        }
        int nl = cause.indexOf('\n');
        return (nl < 0 ? cause : cause.substring(0, nl)).trim();
    }

    /**
     * @param failure the recorded failure, possibly null
     * @return whether the component refused its configuration ({@link InvalidConfigurationException}): then a
     *         restart only repeats the failure, and correcting the configuration is what brings the component back
     */
    static boolean configuration(String failure) {
        return cause(failure).startsWith(InvalidConfigurationException.class.getName() + ":");
    }
}
