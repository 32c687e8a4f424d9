package io.rebound.connector.internal;

import java.io.IOException;

/**
 * A request body that cannot be read to its end: too large (413), malformed chunking (400) or too slow (408). The
 * connector answers the status if the response is not yet committed, and closes the connection in every case since
 * the framing of whatever follows is unknown.
 */
final class RequestBodyException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    RequestBodyException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
