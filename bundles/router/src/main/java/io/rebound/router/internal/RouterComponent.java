package io.rebound.router.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.rebound.http.api.HttpDate;
import io.rebound.http.api.HttpHandler;
import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpResponse;
import io.rebound.http.api.HttpStatus;
import io.rebound.http.spi.Dispatcher;
import io.rebound.recovery.api.Call;
import io.rebound.recovery.api.ConfigProperties;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.recovery.api.InvalidConfigurationException;
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
import org.osgi.service.metatype.annotations.Designate;

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
@Component(name = RouterComponent.PID, service = Dispatcher.class, configurationPid = RouterComponent.PID,
        immediate = true)
@Designate(ocd = RouterConfig.class)
public class RouterComponent implements Dispatcher {

    static final String PID = "io.rebound.router";

    static final long FAULT_SLOW_MILLIS = 2000;

    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    // Requests that may be repeated without changing the outcome, so safe to retry on a rebooted handler.
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

    private final System.Logger log;
    // Null for the system clock: then the Date text comes from HttpDate.now(), formatted once a second for the whole
    // server, and System::currentTimeMillis would cost a generated class in every new class loader anyway.
    private final LongSupplier epochMillis;
    // Replaced whole under changeRoutes' lock; dispatching threads read it without one.
    private volatile RouteTable routes = RouteTable.empty();
    private final Map<String, RouteGuard> guards = new ConcurrentHashMap<>();
    private volatile HandlerGate gate;
    private volatile int maxConcurrentCalls;
    private volatile int breakerFailures;
    private volatile long breakerOpenNanos;
    // SCR makes a new instance for every activation, so a switch made with the instance lives exactly as long as
    // one activation; being final keeps dispatch() at the switch's own volatile reads.
    private final FaultSwitch faults;

    // Optional: the recovery bundle can be rebooted too, and requests must keep flowing meanwhile.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Supervision supervision;

    public RouterComponent() {
        this(System.getLogger(PID), null, new FaultSwitch("router", false, FAULT_SLOW_MILLIS));
    }

    RouterComponent(System.Logger log, LongSupplier epochMillis) {
        this(log, Objects.requireNonNull(epochMillis), new FaultSwitch("router", false, FAULT_SLOW_MILLIS));
    }

    /** @param epochMillis the clock for Date headers; null for the system clock */
    RouterComponent(System.Logger log, LongSupplier epochMillis, FaultSwitch faults) {
        this.log = log;
        this.epochMillis = epochMillis;
        this.faults = faults;
        configure(RouterConfig.HOLD_MILLIS, RouterConfig.MAX_CONCURRENT_CALLS, RouterConfig.BREAKER_FAILURES,
                RouterConfig.BREAKER_OPEN_MILLIS);
    }

    /** @param properties configured as {@link RouterConfig} declares */
    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        ConfigProperties config = new ConfigProperties(PID, properties);
        configure(config.longValue("hold.millis", RouterConfig.HOLD_MILLIS),
                config.intValue("max.concurrent.calls", RouterConfig.MAX_CONCURRENT_CALLS),
                config.intValue("breaker.failures", RouterConfig.BREAKER_FAILURES),
                config.longValue("breaker.open.millis", RouterConfig.BREAKER_OPEN_MILLIS));
        if (faults.offer(context)) {
            log.log(Level.INFO, "router accepting injected faults");
        }
    }

    /** Sets the protections; package-private so tests can use small values. */
    final void configure(long holdMillis, int maxConcurrent, int failures, long openMillis) {
        if (holdMillis < 0 || maxConcurrent < 1 || failures < 1 || openMillis < 1) {
            throw new InvalidConfigurationException(PID, "hold.millis must be >= 0, max.concurrent.calls, "
                    + "breaker.failures and breaker.open.millis >= 1; got " + holdMillis + ", " + maxConcurrent
                    + ", " + failures + ", " + openMillis);
        }
        this.gate = new HandlerGate(TimeUnit.MILLISECONDS.toNanos(holdMillis));
        this.maxConcurrentCalls = maxConcurrent;
        this.breakerFailures = failures;
        this.breakerOpenNanos = TimeUnit.MILLISECONDS.toNanos(openMillis);
        guards.clear();
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
        for (Route r : routes.routes()) {
            if (r.serviceId() == serviceId) {
                // Most likely its bundle is rebooting: requests for its path wait for it a moment.
                gate.departed(r.path(), System.nanoTime());
            }
        }
        changeRoutes(null, serviceId);
        if (log.isLoggable(Level.DEBUG)) {
            log.log(Level.DEBUG, "HTTP handler service.id " + serviceId + " removed");
        }
    }

    private void install(HttpHandler handler, Map<String, Object> properties) {
        Route route;
        try {
            route = RouteProperties.toRoute(handler, properties);
        } catch (IllegalArgumentException e) {
            long serviceId = RouteProperties.serviceIdOrUnknown(properties);
            // An update may have made a routed handler invalid: it must stop serving its old prefix.
            changeRoutes(null, serviceId);
            log.log(Level.WARNING, "Ignoring HTTP handler service.id " + serviceId + ": " + e.getMessage());
            return;
        }
        changeRoutes(route, route.serviceId());
        gate.arrived(route.path());
        if (log.isLoggable(Level.DEBUG)) {
            log.log(Level.DEBUG, "HTTP handler service.id " + route.serviceId() + " serves " + route.path()
                    + " for " + route.allow() + " (ranking " + route.ranking() + ")");
        }
    }

    /**
     * Replaces the route of service {@code serviceId} by {@code route}, or removes it when {@code route} is null.
     * Writers (DS binds and unbinds, rare) take turns here; dispatching threads read the table without a lock.
     * Plain code rather than a lambda on purpose: this runs while a rebooted bundle starts and stops, where every
     * first-time lambda costs a generated class in the new class loader, and so time clients wait.
     */
    private synchronized void changeRoutes(Route route, long serviceId) {
        routes = route == null ? routes.without(serviceId) : routes.with(route);
    }

    /** @return the current routes; for tests and diagnostics */
    RouteTable routes() {
        return routes;
    }

    @Override
    public void dispatch(HttpRequest request, HttpResponse response) throws IOException {
        faults.onCall();
        response.header("Date", date());
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
        Route route = path == null ? null : route(path);
        if (route == HOLD_EXPIRED) {
            sendUnavailable(response, 1);
        } else if (route == null) {
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

    private String date() {
        return epochMillis == null ? HttpDate.now() : HttpDate.format(Math.floorDiv(epochMillis.getAsLong(), 1000L));
    }

    // Marks a request for a rebooting handler that did not come back within the hold time.
    private static final Route HOLD_EXPIRED = new Route("", Set.of(), "", 0, -1, null);

    /**
     * @return the route serving {@code path}, after waiting (bounded) when a more specific handler for it went away
     *         moments ago; {@link #HOLD_EXPIRED} when that handler did not come back in time, or has been away longer
     *         than the hold time and is still remembered (see {@link HandlerGate})
     */
    private Route route(String path) {
        Route now = routes.match(path);
        HandlerGate g = gate;
        if (g.holdNanos() == 0) {
            return now;
        }
        long asked = System.nanoTime();
        String awaited = g.awaited(path, now == null ? null : now.path(), asked);
        if (awaited == null) {
            return now;
        }
        try {
            Route back = g.await(() -> {
                Route r = routes.match(path);
                return r != null && r.path().length() >= awaited.length() ? r : null;
            }, g.holdDeadline(awaited, asked));
            return back == null ? HOLD_EXPIRED : back;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HOLD_EXPIRED;
        }
    }

    /**
     * Calls the route's handler behind its circuit breaker and bulkhead. A handler that fails before answering
     * (its component is then rebooted by the supervisor) gets an idempotent request whose body it did not read
     * retried once on its replacement; anything else is answered 503 with Retry-After, never a silent duplicate.
     */
    private void invoke(Route first, HttpRequest request, HttpResponse response) throws IOException {
        RouteGuard guard = guardOf(first.path());
        long now = System.nanoTime();
        if (!guard.breaker.allow(now)) {
            sendUnavailable(response, guard.breaker.retryAfterSeconds(now));
            return;
        }
        if (!acquire(guard)) {
            log.log(Level.WARNING, () -> "Handler " + first.path() + " is running " + maxConcurrentCalls
                    + " calls already; answering 503");
            sendUnavailable(response, 1);
            return;
        }
        try {
            Route route = first;
            for (int attempt = 1;; attempt++) {
                RoutedRequest routed = new RoutedRequest(request, route.path());
                RuntimeException failure = call(route, routed, response);
                if (failure == null) {
                    if (response.status() >= HttpStatus.INTERNAL_SERVER_ERROR) {
                        tripIfDue(guard, route);
                    } else {
                        guard.breaker.succeeded();
                    }
                    return;
                }
                tripIfDue(guard, route);
                if (response.committed()) {
                    // Part of the answer may be on the wire: only closing the connection keeps the client from
                    // taking a truncated response for a complete one.
                    log.log(Level.WARNING, "Handler " + route.path() + " failed after the response was committed,"
                            + " closing the connection: " + failure);
                    throw new IOException("handler " + route.path() + " failed after the response was committed",
                            failure);
                }
                Route replacement = attempt == 1 && IDEMPOTENT.contains(request.method()) && !routed.bodyTouched()
                        ? replacementOf(route, request.path()) : null;
                if (replacement == null) {
                    log.log(Level.WARNING, "Handler " + route.path() + " failed, answering 503: " + failure);
                    response.reset();
                    response.header("Date", date());
                    response.header("Server", "Rebound");
                    sendUnavailable(response, 1);
                    return;
                }
                log.log(Level.WARNING, "Handler " + route.path() + " failed; retrying " + request.method() + " "
                        + request.target() + " on its replacement: " + failure);
                response.reset();
                response.header("Date", date());
                response.header("Server", "Rebound");
                route = replacement;
            }
        } finally {
            guard.bulkhead.release();
        }
    }

    // A full bulkhead under a burst frees up within milliseconds; a stuck handler does not. Wait a moment, not more.
    private static boolean acquire(RouteGuard guard) {
        if (guard.bulkhead.tryAcquire()) {
            return true;
        }
        try {
            return guard.bulkhead.tryAcquire(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the failure that escaped the handler (reported to the supervisor), or null when it returned */
    private RuntimeException call(Route route, RoutedRequest request, HttpResponse response) throws IOException {
        HttpHandler handler = route.handler();
        Supervision s = supervision;
        Call call = s == null ? Call.NONE : s.enter(handler);
        try {
            handler.handle(request, response);
            if (response.status() >= HttpStatus.INTERNAL_SERVER_ERROR) {
                call.errorResult();
            }
            return null;
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                // Out of memory or stack: nothing we do here would be reliable; let it reach the connector.
                throw (VirtualMachineError) e;
            }
            // Whatever escapes a handler makes its component's state suspect: the supervisor decides what to do.
            call.failed(e);
            // A hung call is ended by interrupting its thread; that interrupt was for the call, now over.
            Thread.interrupted();
            return e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
        } finally {
            call.close();
        }
    }

    /** @return a handler other than the failed one for the same path, waiting for it (bounded); or null */
    private Route replacementOf(Route failed, String path) {
        HandlerGate g = gate;
        try {
            return g.await(() -> {
                Route r = routes.match(path);
                return r != null && r.handler() != failed.handler() && r.path().length() >= failed.path().length()
                        ? r : null;
            }, System.nanoTime() + g.holdNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    // The first request after a reboot creates the guards: no lambda here, for the reason given at changeRoutes.
    private RouteGuard guardOf(String path) {
        RouteGuard guard = guards.get(path);
        if (guard == null) {
            RouteGuard fresh = new RouteGuard(maxConcurrentCalls, breakerFailures, breakerOpenNanos);
            guard = guards.putIfAbsent(path, fresh);
            if (guard == null) {
                guard = fresh;
            }
        }
        return guard;
    }

    private void tripIfDue(RouteGuard guard, Route route) {
        if (guard.breaker.failed(System.nanoTime())) {
            log.log(Level.WARNING, "Circuit breaker of " + route.path() + " opened: the handler keeps failing; "
                    + "answering 503 until a probe succeeds");
        }
    }

    /** @return the circuit breaker states by route path, for diagnostics and metrics */
    Map<String, CircuitBreaker.State> breakerStates() {
        Map<String, CircuitBreaker.State> states = new java.util.TreeMap<>();
        guards.forEach((path, guard) -> states.put(path, guard.breaker.state()));
        return states;
    }

    private static void sendUnavailable(HttpResponse response, long retryAfterSeconds) throws IOException {
        response.header("Retry-After", Long.toString(retryAfterSeconds));
        sendStatus(response, HttpStatus.SERVICE_UNAVAILABLE);
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
