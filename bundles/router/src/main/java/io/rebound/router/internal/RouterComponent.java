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
import io.rebound.recovery.api.Call;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.recovery.api.FaultTarget;
import io.rebound.recovery.api.Supervision;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Dispatches each request to the {@link HttpHandler} service with the longest matching path prefix, and answers
 * what no handler can: unknown methods (501), unrouted paths (404), unaccepted methods (405) and OPTIONS.
 *
 * <p>Handlers bind and unbind while requests are in flight (a handler bundle may be microrebooted at any time), so
 * the routes live in an immutable {@link RouteTable} replaced as a whole on every change: dispatch reads one
 * snapshot and never takes a lock.
 *
 * <p>Each handler call is reported to the supervisor, when one is present, so it can put a deadline on the call
 * and blame the handler's component for what escapes it. With fault injection ({@code rebound.faults=true}) the
 * router offers its own {@link FaultSwitch} as a {@link FaultTarget}; injected faults strike in {@link #dispatch}.
 */
// Immediate, so that a reboot of the connector (its only user) does not dispose and re-create this component.
@Component(name = "io.rebound.router", service = Dispatcher.class, configurationPid = "io.rebound.router",
        immediate = true)
public class RouterComponent implements Dispatcher {

    static final long FAULT_SLOW_MILLIS = 2000;

    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    private final System.Logger log;
    private final DateHeader date;
    private final AtomicReference<RouteTable> routes = new AtomicReference<>(RouteTable.empty());
    // SCR makes a new instance for every activation, so a switch made with the instance lives exactly as long as
    // one activation; being final keeps dispatch() at the switch's own volatile reads.
    private final FaultSwitch faults;

    // Optional: the recovery bundle can be rebooted too, and requests must keep flowing meanwhile.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Supervision supervision;

    public RouterComponent() {
        this(System.getLogger("io.rebound.router"), System::currentTimeMillis,
                new FaultSwitch("router", false, FAULT_SLOW_MILLIS));
    }

    RouterComponent(System.Logger log, LongSupplier epochMillis) {
        this(log, epochMillis, new FaultSwitch("router", false, FAULT_SLOW_MILLIS));
    }

    RouterComponent(System.Logger log, LongSupplier epochMillis, FaultSwitch faults) {
        this.log = log;
        this.date = new DateHeader(epochMillis);
        this.faults = faults;
    }

    @Activate
    void activate(BundleContext context) {
        if (faults.offer(context)) {
            log.log(Level.INFO, "router accepting injected faults");
        }
    }

    /** Closing the switch ends injected faults with this instance, as a reboot ends real ones. */
    @Deactivate
    void deactivate() {
        faults.close();
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
        faults.onCall();
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
        HttpHandler handler = route.handler();
        Supervision s = supervision;
        Call call = s == null ? Call.NONE : s.enter(handler);
        try {
            handler.handle(new RoutedRequest(request, route.path()), response);
            if (response.status() >= HttpStatus.INTERNAL_SERVER_ERROR) {
                call.errorResult();
            }
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                // Out of memory or stack: nothing we do here would be reliable; let it reach the connector.
                throw (VirtualMachineError) e;
            }
            // Whatever escapes a handler makes its component's state suspect: the supervisor decides what to do.
            call.failed(e);
            if (response.committed()) {
                // Part of the answer may be on the wire: only closing the connection keeps the client from
                // taking a truncated response for a complete one.
                log.log(Level.WARNING, "Handler " + route.path() + " failed after the response was committed,"
                        + " closing the connection: " + e);
                throw new IOException("handler " + route.path() + " failed after the response was committed", e);
            }
            log.log(Level.WARNING, "Handler " + route.path() + " failed, answering 500: " + e);
            sendStatus(response, HttpStatus.INTERNAL_SERVER_ERROR);
        } finally {
            call.close();
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
