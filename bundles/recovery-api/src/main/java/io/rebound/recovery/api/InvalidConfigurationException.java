package io.rebound.recovery.api;

/**
 * A component's configuration is invalid. Thrown from its activation, it tells the supervisor that a restart cannot
 * help: the component is left down, and comes back when its configuration is corrected (DS then activates it with
 * the new one), rather than being microrebooted again and again into the same error.
 */
public class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param pid the configuration PID
     * @param problem which property is wrong and why, e.g. {@code hold.millis must be an integer, got "2s"}
     */
    public InvalidConfigurationException(String pid, String problem) {
        super(pid + ": " + problem);
    }
}
