package io.rebound.recovery.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rebound.recovery.api.FaultKind;

/**
 * The routes of the admin API (CONTRACT section 3). Authentication happens before a request gets here.
 */
final class AdminApi {

    private static final String COMPONENTS = "/components";

    private final Supervisor supervisor;
    private final boolean faultsEnabled;
    private final OperatorRestarts operatorRestarts;

    /** @param operatorRestarts where operator restarts are recorded for the dashboard */
    AdminApi(Supervisor supervisor, boolean faultsEnabled, OperatorRestarts operatorRestarts) {
        this.supervisor = supervisor;
        this.faultsEnabled = faultsEnabled;
        this.operatorRestarts = operatorRestarts;
    }

    /** @param source the client's address, for the record of an operator restart */
    AdminResponse handle(AdminRequest request, String source) throws InterruptedException {
        String path = request.path();
        if (path.equals(COMPONENTS)) {
            return get(request) ? components() : notAllowed("GET");
        }
        if (path.startsWith(COMPONENTS + "/") && path.endsWith("/restart")) {
            String name = path.substring(COMPONENTS.length() + 1, path.length() - "/restart".length());
            return "POST".equals(request.method()) ? restart(name, source) : notAllowed("POST");
        }
        if (path.equals("/recoveries")) {
            if (!get(request)) {
                return notAllowed("GET");
            }
            List<Map<String, Object>> list = new ArrayList<>();
            supervisor.recoveries().forEach(r -> list.add(r.toJson()));
            return AdminResponse.ok(list);
        }
        if (path.startsWith("/faults/")) {
            if (!faultsEnabled) {
                return AdminResponse.error(404, "fault injection is off; start the server with --faults");
            }
            return "POST".equals(request.method()) ? inject(path.substring("/faults/".length()), request.query())
                    : notAllowed("POST");
        }
        return AdminResponse.error(404, "no such admin resource: " + path);
    }

    private AdminResponse components() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ComponentView view : supervisor.components()) {
            list.add(view.toJson());
        }
        return AdminResponse.ok(list);
    }

    private AdminResponse restart(String name, String source) throws InterruptedException {
        if (!supervisor.knows(name)) {
            return AdminResponse.error(404, "no component named '" + name + "'");
        }
        Instant at = Instant.now();
        try {
            Duration took = supervisor.restart(name, "operator request (admin API from " + source + ")");
            operatorRestarts.add(new OperatorRestarts.Restart(name, at, took.toMillis(), "admin " + source, true));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("durationMillis", took.toMillis());
            return AdminResponse.ok(body);
        } catch (IllegalArgumentException e) {
            return AdminResponse.error(404, e.getMessage());
        } catch (RebootFailedException e) {
            operatorRestarts.add(new OperatorRestarts.Restart(name, at,
                    Duration.between(at, Instant.now()).toMillis(), "admin " + source, false));
            return AdminResponse.error(500, e.getMessage());
        }
    }

    private AdminResponse inject(String name, String query) {
        String kind = QueryString.parse(query).get("kind");
        if (kind == null) {
            return AdminResponse.error(400, "missing ?kind= (crash, hang, exception, leak or slow)");
        }
        FaultKind fault;
        try {
            fault = FaultKind.parse(kind);
        } catch (IllegalArgumentException e) {
            return AdminResponse.error(400, e.getMessage());
        }
        if (!supervisor.knows(name)) {
            return AdminResponse.error(404, "no component named '" + name + "'");
        }
        try {
            supervisor.inject(name, fault);
        } catch (IllegalArgumentException e) {
            return AdminResponse.error(409, e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("kind", fault.label());
        return AdminResponse.json(202, body);
    }

    private static boolean get(AdminRequest request) {
        return "GET".equals(request.method()) || "HEAD".equals(request.method());
    }

    private static AdminResponse notAllowed(String allowed) {
        return AdminResponse.error(405, "method not allowed; use " + allowed);
    }
}
