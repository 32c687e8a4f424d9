package io.rebound.kv.internal;

/** A request naming no usable key or query: the status to answer and why. */
final class KeyRejection extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    KeyRejection(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
