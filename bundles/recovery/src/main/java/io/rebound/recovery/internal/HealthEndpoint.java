package io.rebound.recovery.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.rebound.http.api.HandlerPath;
import io.rebound.http.api.HttpHandler;
import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpResponse;
import io.rebound.http.api.HttpStatus;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /health}, {@code /health/ready} and {@code /health/live} on the public port (see {@link HealthVerdict}
 * for what each means): {@code 200} or {@code 503}, a short text body ({@code OK}, or what is wrong), JSON with
 * {@code Accept: application/json}. The text bodies are what a plain {@code check_http} or probe expects.
 */
@Component(name = "io.rebound.recovery.health", service = HttpHandler.class, immediate = true)
@HandlerPath(path = "/health")
public final class HealthEndpoint implements HttpHandler {

    private final Supervisor supervisor;
    // Latched: once every component was ACTIVE the server has started; later failures are not "starting".
    private final StartupWatch startup;

    @Activate
    public HealthEndpoint(@Reference Supervisor supervisor) {
        this.supervisor = supervisor;
        this.startup = new StartupWatch(supervisor::components).start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        startup.close();
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        String path = request.path();
        response.header("Cache-Control", "no-store");
        if (ExactPath.refused(request, response, "/health", "/health/ready", "/health/live")) {
            return;
        }
        HealthVerdict verdict = HealthVerdict.of(supervisor.components(), startup.started(),
                System.getProperty(Supervisor.EXIT_CODE_PROPERTY));
        boolean up;
        String text;
        if (path.equals("/health/live")) {
            up = verdict.live();
            text = up ? "OK\n" : "DOWN " + verdict.notReadyReason() + "\n";
        } else if (path.equals("/health/ready")) {
            up = verdict.ready();
            text = up ? "OK\n" : "NOT READY " + verdict.notReadyReason()
                    + (verdict.notActive().isEmpty() ? "" : ": " + String.join(" ", verdict.notActive())) + "\n";
        } else {
            up = verdict.healthy();
            text = up ? "OK\n" : "FAILING " + (verdict.notActive().isEmpty() ? verdict.notReadyReason()
                    : String.join(" ", verdict.notActive())) + "\n";
        }
        int status = up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
        String accept = request.headers().first("Accept");
        if (accept != null && accept.contains("application/json")) {
            response.send(status, "application/json",
                    JsonWriter.write(verdict.toJson(up ? "UP" : "DOWN")).getBytes(StandardCharsets.UTF_8));
        } else {
            text(response, status, text);
        }
    }

    private static void text(HttpResponse response, int status, String body) throws IOException {
        response.send(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }
}
