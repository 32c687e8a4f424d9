package io.rebound.files.internal;

import java.util.List;
import java.util.OptionalLong;

import io.rebound.http.api.HttpDate;
import io.rebound.http.api.HttpHeaders;

/**
 * Evaluates conditional request headers against a file's validators in the order RFC 9110 section 13.2.2 fixes:
 * If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since; then If-Range decides whether Range applies.
 */
final class Preconditions {

    /** What the conditions ask for. */
    enum Outcome {
        /** Serve the file (possibly a range of it). */
        PROCEED,
        /** Answer 304: the client's copy is current. */
        NOT_MODIFIED,
        /** Answer 412: the client's precondition on a changed file failed. */
        PRECONDITION_FAILED
    }

    private final String etag;
    private final long lastModifiedSeconds;

    /**
     * @param etag the file's strong entity tag
     * @param lastModifiedSeconds its modification time truncated to seconds, as {@code Last-Modified} states it
     */
    Preconditions(String etag, long lastModifiedSeconds) {
        this.etag = etag;
        this.lastModifiedSeconds = lastModifiedSeconds;
    }

    /** @return the outcome for a GET or HEAD request with {@code headers} */
    Outcome evaluate(HttpHeaders headers) {
        List<String> ifMatch = headers.all("If-Match");
        if (!ifMatch.isEmpty()) {
            if (!EntityTag.matches(String.join(",", ifMatch), etag, false)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else {
            OptionalLong since = singleDate(headers, "If-Unmodified-Since");
            if (since.isPresent() && lastModifiedSeconds > since.getAsLong()) {
                return Outcome.PRECONDITION_FAILED;
            }
        }
        List<String> ifNoneMatch = headers.all("If-None-Match");
        if (!ifNoneMatch.isEmpty()) {
            // When If-None-Match is present, If-Modified-Since is ignored even if the tags do not match.
            return EntityTag.matches(String.join(",", ifNoneMatch), etag, true)
                    ? Outcome.NOT_MODIFIED
                    : Outcome.PROCEED;
        }
        OptionalLong since = singleDate(headers, "If-Modified-Since");
        if (since.isPresent() && lastModifiedSeconds <= since.getAsLong()) {
            return Outcome.NOT_MODIFIED;
        }
        return Outcome.PROCEED;
    }

    /**
     * @return whether a Range header may be honoured: there is no If-Range, or it names this very version (a strong
     *         tag compared strongly, or exactly the Last-Modified date)
     */
    boolean rangeApplies(HttpHeaders headers) {
        if (headers.count("If-Range") == 0) {
            return true;
        }
        if (headers.count("If-Range") > 1) {
            return false;
        }
        String value = headers.first("If-Range").trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return value.equals(etag);
        }
        OptionalLong date = HttpDate.parse(value);
        return date.isPresent() && date.getAsLong() == lastModifiedSeconds;
    }

    // A date field repeated, or not a date, is ignored (RFC 9110 sections 13.1.3 and 13.1.4).
    private static OptionalLong singleDate(HttpHeaders headers, String name) {
        return headers.count(name) == 1 ? HttpDate.parse(headers.first(name)) : OptionalLong.empty();
    }
}
