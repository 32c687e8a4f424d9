package io.rebound.recovery.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

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

/** {@code GET /metrics} on the public port: the Prometheus text exposition of {@link ServerMetrics}. */
@Component(name = "io.rebound.recovery.metrics", service = HttpHandler.class, immediate = true)
@HandlerPath(path = "/metrics")
public final class MetricsEndpoint implements HttpHandler {

    private final Supervisor supervisor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile RequestMetrics requests;

    @Activate
    public MetricsEndpoint(@Reference Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        response.header("Cache-Control", "no-store");
        if (ExactPath.refused(request, response, "/metrics")) {
            return;
        }
        String body = ServerMetrics.render(supervisor.components(), supervisor.recoveries(),
                supervisor.leakedThreads(), requests, Instant.now());
        response.send(HttpStatus.OK, MetricsText.CONTENT_TYPE, body.getBytes(StandardCharsets.UTF_8));
    }
}
