package io.rebound.recovery.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An answer of the admin API: a status and a JSON body.
 *
 * @param status the status code
 * @param json the JSON document
 */
record AdminResponse(int status, String json) {

    static AdminResponse ok(Object body) {
        return new AdminResponse(200, JsonWriter.write(body));
    }

    static AdminResponse error(int status, String message) {
        return new AdminResponse(status, JsonWriter.write(Map.of("error", message)));
    }

    byte[] bytes() {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
