package io.rebound.itests;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** Calls the admin API over the admin port, with or without a bearer token. */
final class AdminClient {

    private final HttpClient client;
    private final RunningServer server;

    AdminClient(HttpClient client, RunningServer server) {
        this.client = client;
        this.server = server;
    }

    /**
     * @param token the bearer token, or {@code null} to send no {@code Authorization} header
     */
    HttpResponse<String> send(String method, String path, String token) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.admin(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return client.send(request.build(), BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted calling the admin API: " + method + " " + path, e);
        }
    }

    static String describe(HttpResponse<String> response) {
        return response.request().method() + " " + response.uri() + " -> " + response.statusCode() + " "
                + response.headers().map() + " body: " + response.body();
    }
}
