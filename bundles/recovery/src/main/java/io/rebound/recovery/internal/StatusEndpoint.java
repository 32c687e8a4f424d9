package io.rebound.recovery.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.rebound.http.api.HandlerPath;
import io.rebound.http.api.HttpHandler;
import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpResponse;
import io.rebound.http.api.HttpStatus;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code GET /status} on the public port: the HTML dashboard of {@link StatusPage}. */
@Component(name = "io.rebound.recovery.status", service = HttpHandler.class, immediate = true)
@HandlerPath(path = "/status")
public final class StatusEndpoint implements HttpHandler {

    private final Supervisor supervisor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile OperatorRestarts operatorRestarts;

    @Activate
    public StatusEndpoint(@Reference Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        response.header("Cache-Control", "no-store");
        if (ExactPath.refused(request, response, "/status")) {
            return;
        }
        OperatorRestarts restarts = operatorRestarts;
        String page = StatusPage.render(supervisor.components(), supervisor.recoveries(),
                restarts == null ? List.of() : restarts.list(), supervisor.leakedThreads(), Instant.now());
        response.header("Content-Security-Policy", StatusPage.CONTENT_SECURITY_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
        response.send(HttpStatus.OK, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }
}
