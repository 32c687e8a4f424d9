package io.rebound.recovery.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rebound.http.api.HandlerPath;
import io.rebound.http.api.HttpHandler;
import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpResponse;
import io.rebound.http.api.HttpStatus;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /health} on the public port: {@code 200 OK} when every supervised component is ACTIVE, otherwise
 * {@code 503} naming the others; JSON when asked for with {@code Accept: application/json}. {@code /health/live}
 * answers 200 while the process serves at all; {@code /health/ready} is {@code /health}'s verdict.
 */
@Component(name = "io.rebound.recovery.health", service = HttpHandler.class, immediate = true)
@HandlerPath(path = "/health")
public final class HealthEndpoint implements HttpHandler {

    private final Supervisor supervisor;

    @Activate
    public HealthEndpoint(@Reference Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        String path = request.path();
        response.header("Cache-Control", "no-store");
        if (path.equals("/health/live")) {
            text(response, HttpStatus.OK, "OK\n");
            return;
        }
        if (!path.equals("/health") && !path.equals("/health/ready")) {
            text(response, HttpStatus.NOT_FOUND, "404 Not Found\n");
            return;
        }
        List<String> failing = new ArrayList<>();
        Map<String, Object> states = new LinkedHashMap<>();
        for (ComponentView view : supervisor.components()) {
            states.put(view.name(), view.state().name());
            if (view.state() != ComponentState.ACTIVE) {
                failing.add(view.name() + "=" + view.state());
            }
        }
        int status = failing.isEmpty() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
        String accept = request.headers().first("Accept");
        if (accept != null && accept.contains("application/json")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", failing.isEmpty() ? "UP" : "DOWN");
            body.put("components", states);
            response.send(status, "application/json", JsonWriter.write(body).getBytes(StandardCharsets.UTF_8));
        } else {
            text(response, status, failing.isEmpty() ? "OK\n" : "FAILING " + String.join(" ", failing) + "\n");
        }
    }

    private static void text(HttpResponse response, int status, String body) throws IOException {
        response.send(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }
}
