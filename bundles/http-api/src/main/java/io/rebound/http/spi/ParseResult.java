package io.rebound.http.spi;

import java.util.Objects;

/** What {@link RequestParser#parse} found: an incomplete head, a complete one, or a rejection. */
public final class ParseResult {

    /** The kinds of result. */
    public enum Kind {
        /** More bytes are needed. */
        INCOMPLETE,
        /** A complete, valid head: see {@link #head()}. */
        COMPLETE,
        /** Invalid input: answer {@link #status()} and close the connection. */
        REJECTED
    }

    private static final ParseResult INCOMPLETE = new ParseResult(Kind.INCOMPLETE, null, 0, null);

    private final Kind kind;
    private final RequestHead head;
    private final int status;
    private final String reason;

    private ParseResult(Kind kind, RequestHead head, int status, String reason) {
        this.kind = kind;
        this.head = head;
        this.status = status;
        this.reason = reason;
    }

    /** @return the result meaning "read more bytes" */
    public static ParseResult incomplete() {
        return INCOMPLETE;
    }

    /** @return a result holding a complete head */
    public static ParseResult complete(RequestHead head) {
        return new ParseResult(Kind.COMPLETE, Objects.requireNonNull(head), 0, null);
    }

    /**
     * @param status the 4xx/5xx status to answer
     * @param reason one line saying what was wrong, for the log (never echoed raw to the client)
     * @return a rejection
     */
    public static ParseResult rejected(int status, String reason) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a rejection needs a 4xx or 5xx status, not " + status);
        }
        return new ParseResult(Kind.REJECTED, null, status, Objects.requireNonNull(reason));
    }

    public Kind kind() {
        return kind;
    }

    /** @return the head of a {@link Kind#COMPLETE} result, otherwise {@code null} */
    public RequestHead head() {
        return head;
    }

    /** @return the status of a {@link Kind#REJECTED} result, otherwise {@code 0} */
    public int status() {
        return status;
    }

    /** @return the reason of a {@link Kind#REJECTED} result, otherwise {@code null} */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        switch (kind) {
            case COMPLETE: return "COMPLETE " + head.method() + ' ' + head.target();
            case REJECTED: return "REJECTED " + status + ' ' + reason;
            default: return "INCOMPLETE";
        }
    }
}
