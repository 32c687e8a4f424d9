package io.rebound.recovery.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpResponse;
import io.rebound.http.api.HttpStatus;

/**
 * The public endpoints of this bundle answer their own paths only: the router's longest-prefix match also hands them
 * every path below (say {@code /metrics/x}), which names nothing here.
 */
final class ExactPath {

    private ExactPath() {
    }

    /**
     * @param paths the paths the endpoint answers
     * @return whether the request named none of them and was answered 404
     */
    static boolean refused(HttpRequest request, HttpResponse response, String... paths) throws IOException {
        for (String path : paths) {
            if (request.path().equals(path)) {
                return false;
            }
        }
        response.send(HttpStatus.NOT_FOUND, "text/plain; charset=utf-8",
                "404 Not Found\n".getBytes(StandardCharsets.UTF_8));
        return true;
    }
}
