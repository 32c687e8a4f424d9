package io.rebound.files.internal;

/**
 * A request the handler answers with an error status instead of the file: a 4xx for what the client asked, a 500
 * (with its cause) for a file the server could not open. Checked on purpose: every step that can refuse a request
 * says so in its signature, and the handler answers and logs all of them in one place.
 */
final class RequestRejection extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    RequestRejection(int status, String reason) {
        this(status, reason, null);
    }

    RequestRejection(int status, String reason, Throwable cause) {
        // No stack trace: refusals are routine (every 404), and the cause carries its own.
        super(reason, cause, false, false);
        this.status = status;
    }

    /** @return the status to answer */
    int status() {
        return status;
    }
}
