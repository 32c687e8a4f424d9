package io.rebound.runtime;

/** A bad command line or environment variable. The message is one line naming the option or variable. */
final class OptionsException extends Exception {

    private static final long serialVersionUID = 1L;

    OptionsException(String message) {
        super(message);
    }
}
