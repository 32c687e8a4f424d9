package io.rebound.state.api;

/**
 * A change could not be made durable (the disk failed, the store is recovering, the wait for the disk ran out), or
 * the store cannot be read. A change that failed with this exception may or may not survive a crash: callers must
 * not acknowledge it.
 */
public class StateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
