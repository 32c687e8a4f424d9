package io.rebound.router.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable snapshot of the registered routes. Changes produce a new table, so a dispatching thread reads one
 * consistent table without locking while handlers come and go.
 */
final class RouteTable {

    private static final Comparator<Route> PRECEDENCE = new Precedence();

    private final Route[] routes;

    private RouteTable(Route[] routes) {
        this.routes = routes;
    }

    static RouteTable empty() {
        return new RouteTable(new Route[0]);
    }

    /** @return a table holding {@code route} instead of any earlier route of the same service */
    RouteTable with(Route route) {
        List<Route> next = new ArrayList<>(routes.length + 1);
        for (Route r : routes) {
            if (r.serviceId() != route.serviceId()) {
                next.add(r);
            }
        }
        next.add(route);
        next.sort(PRECEDENCE);
        return new RouteTable(next.toArray(new Route[0]));
    }

    /** @return a table without the route of service {@code serviceId}; this table when it has none */
    RouteTable without(long serviceId) {
        List<Route> next = new ArrayList<>(routes.length);
        for (Route r : routes) {
            if (r.serviceId() != serviceId) {
                next.add(r);
            }
        }
        return next.size() == routes.length ? this : new RouteTable(next.toArray(new Route[0]));
    }

    /**
     * @param path the raw request path
     * @return the route that serves {@code path}, or {@code null}; never one for an asterisk-form target
     */
    Route match(String path) {
        // An absolute-form target may have an empty path, which means the root.
        String p = path.isEmpty() ? "/" : path;
        if (p.charAt(0) != '/') {
            return null;
        }
        for (Route r : routes) {
            if (r.serves(p)) {
                return r;
            }
        }
        return null;
    }

    /** @return the routes in precedence order */
    List<Route> routes() {
        return List.of(routes);
    }
}
