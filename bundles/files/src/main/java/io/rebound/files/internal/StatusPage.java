package io.rebound.files.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.rebound.http.api.HttpResponse;
import io.rebound.http.api.HttpStatus;

/** The tiny plain-text body of a non-200 answer, e.g. {@code 404 Not Found}. It never echoes the request. */
final class StatusPage {

    static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    private StatusPage() {
    }

    /** Commits {@code response} with {@code status} and its one-line body; headers set before are kept. */
    static void send(HttpResponse response, int status) throws IOException {
        byte[] body = (status + " " + HttpStatus.reason(status) + "\n").getBytes(StandardCharsets.US_ASCII);
        response.send(status, CONTENT_TYPE, body);
    }
}
