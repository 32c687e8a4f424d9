package io.rebound.recovery.internal;

/** A microreboot that failed or did not finish in time. */
final class RebootFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RebootFailedException(String name, Throwable cause) {
        super("reboot of " + name + " failed: " + cause, cause);
    }
}
