package io.rebound.runtime;

/** Stops a server start with a one-line message for stderr and the exit code to leave with. */
final class StartupException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    StartupException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    StartupException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
