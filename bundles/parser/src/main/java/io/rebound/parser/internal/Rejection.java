package io.rebound.parser.internal;

/**
 * Thrown inside the parser when the input must be refused; {@link Http11RequestParser#parse} turns it into a
 * rejected {@link io.rebound.http.spi.ParseResult}. Hostile clients can make rejections frequent, so it carries no
 * stack trace: that keeps it as cheap as returning an error code while the validation code stays linear.
 */
final class Rejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    Rejection(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    static Rejection badRequest(String reason) {
        return new Rejection(400, reason);
    }

    int status() {
        return status;
    }

    String reason() {
        return getMessage();
    }
}
