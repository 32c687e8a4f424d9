package io.rebound.recovery.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An answer of the admin API: a status and a JSON body.
 *
 * @param status the status code
 * @param json the JSON document
 * @param error the error message of an error answer (also in the body), or {@code null}
 * @param retryAfterSeconds the {@code Retry-After} to send, or {@code 0} for none
 */
record AdminResponse(int status, String json, String error, long retryAfterSeconds) {

    static AdminResponse ok(Object body) {
        return json(200, body);
    }

    static AdminResponse json(int status, Object body) {
        return new AdminResponse(status, JsonWriter.write(body), null, 0);
    }

    static AdminResponse error(int status, String message) {
        return new AdminResponse(status, JsonWriter.write(Map.of("error", message)), message, 0);
    }

    /** A client that failed authentication too often: it must wait before it may try again. */
    static AdminResponse tooManyFailures(long retryAfterSeconds) {
        String message = "too many failed authentications from this address; retry after " + retryAfterSeconds
                + " s";
        return new AdminResponse(429, JsonWriter.write(Map.of("error", message)), message, retryAfterSeconds);
    }

    byte[] bytes() {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
