package io.rebound.router.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import io.rebound.http.api.HttpHandler;
import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpResponse;
import io.rebound.http.api.HttpStatus;
import io.rebound.http.spi.Dispatcher;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Dispatches each request to the {@link HttpHandler} service with the longest matching path prefix, and answers
 * what no handler can: unknown methods (501), unrouted paths (404), unaccepted methods (405) and OPTIONS.
 *
 * <p>Handlers bind and unbind while requests are in flight (a handler bundle may be microrebooted at any time), so
 * the routes live in an immutable {@link RouteTable} replaced as a whole on every change: dispatch reads one
 * snapshot and never takes a lock.
 */
// Immediate, so that a reboot of the connector (its only user) does not dispose and re-create this component.
@Component(name = "io.rebound.router", service = Dispatcher.class, configurationPid = "io.rebound.router",
        immediate = true)
public class RouterComponent implements Dispatcher {

    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    private final System.Logger log;
    private final DateHeader date;
    private final AtomicReference<RouteTable> routes = new AtomicReference<>(RouteTable.empty());

    public RouterComponent() {
        this(System.getLogger("io.rebound.router"), System::currentTimeMillis);
    }

    RouterComponent(System.Logger log, LongSupplier epochMillis) {
        this.log = log;
        this.date = new DateHeader(epochMillis);
    }

    @Reference(service = HttpHandler.class, policy = ReferencePolicy.DYNAMIC,
            cardinality = ReferenceCardinality.MULTIPLE, unbind = "removeHandler", updated = "updateHandler")
    void addHandler(HttpHandler handler, Map<String, Object> properties) {
        install(handler, properties);
    }

    void updateHandler(HttpHandler handler, Map<String, Object> properties) {
        install(handler, properties);
    }

    void removeHandler(HttpHandler handler, Map<String, Object> properties) {
        long serviceId = RouteProperties.serviceIdOrUnknown(properties);
        routes.updateAndGet(table -> table.without(serviceId));
        log.log(Level.DEBUG, () -> "HTTP handler service.id " + serviceId + " removed");
    }

    private void install(HttpHandler handler, Map<String, Object> properties) {
        Route route;
        try {
            route = RouteProperties.toRoute(handler, properties);
        } catch (IllegalArgumentException e) {
            long serviceId = RouteProperties.serviceIdOrUnknown(properties);
            // An update may have made a routed handler invalid: it must stop serving its old prefix.
            routes.updateAndGet(table -> table.without(serviceId));
            log.log(Level.WARNING, "Ignoring HTTP handler service.id " + serviceId + ": " + e.getMessage());
            return;
        }
        routes.updateAndGet(table -> table.with(route));
        log.log(Level.DEBUG, () -> "HTTP handler service.id " + route.serviceId() + " serves " + route.path()
                + " for " + route.allow() + " (ranking " + route.ranking() + ")");
    }

    /** @return the current routes; for tests and diagnostics */
    RouteTable routes() {
        return routes.get();
    }

    @Override
    public void dispatch(HttpRequest request, HttpResponse response) throws IOException {
        response.header("Date", date.value());
        response.header("Server", "Rebound");

        String method = request.method();
        if (!KnownMethods.contains(method)) {
            sendStatus(response, HttpStatus.NOT_IMPLEMENTED);
            return;
        }
        String path = request.path();
        if ("*".equals(path)) {
            // Asterisk-form asks about the server as a whole; only OPTIONS has a meaning for it.
            if (method.equals("OPTIONS")) {
                sendAllow(response, KnownMethods.ALLOW);
            } else {
                sendStatus(response, HttpStatus.NOT_FOUND);
            }
            return;
        }
        Route route = path == null ? null : routes.get().match(path);
        if (route == null) {
            sendStatus(response, HttpStatus.NOT_FOUND);
        } else if (route.accepts(method)) {
            invoke(route, request, response);
        } else if (method.equals("OPTIONS")) {
            sendAllow(response, route.allow());
        } else {
            response.header("Allow", route.allow());
            sendStatus(response, HttpStatus.METHOD_NOT_ALLOWED);
        }
    }

    private void invoke(Route route, HttpRequest request, HttpResponse response) throws IOException {
        try {
            route.handler().handle(new RoutedRequest(request, route.path()), response);
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                // Out of memory or stack: nothing we do here would be reliable; let it reach the connector.
                throw (VirtualMachineError) e;
            }
            if (response.committed()) {
                // Part of the answer may be on the wire: only closing the connection keeps the client from
                // taking a truncated response for a complete one.
                log.log(Level.WARNING, "Handler " + route.path() + " failed after the response was committed,"
                        + " closing the connection: " + e);
                throw new IOException("handler " + route.path() + " failed after the response was committed", e);
            }
            log.log(Level.WARNING, "Handler " + route.path() + " failed, answering 500: " + e);
            sendStatus(response, HttpStatus.INTERNAL_SERVER_ERROR);
        }
    }

    private static void sendStatus(HttpResponse response, int status) throws IOException {
        byte[] body = (status + " " + HttpStatus.reason(status) + "\n").getBytes(StandardCharsets.UTF_8);
        response.send(status, PLAIN_TEXT, body);
    }

    private static void sendAllow(HttpResponse response, String allow) throws IOException {
        response.status(HttpStatus.NO_CONTENT);
        response.header("Allow", allow);
        // Commit explicitly: 204 has no body, closing the stream just ends the exchange.
        response.body().close();
    }
}
