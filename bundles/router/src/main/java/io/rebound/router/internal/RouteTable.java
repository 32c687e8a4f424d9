package io.rebound.router.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable snapshot of the registered routes. Changes produce a new table, so a dispatching thread reads one
 * consistent table without locking while handlers come and go.
 */
final class RouteTable {

    // Longest prefix first, so the first route that serves a path is the longest match; on the same prefix the
    // higher ranking, then the older (lower id) service comes first, as for any OSGi service lookup.
    private static final Comparator<Route> PRECEDENCE = Comparator
            .comparingInt((Route r) -> r.path().length()).reversed()
            .thenComparing(Route::path)
            .thenComparing(Comparator.comparingInt(Route::ranking).reversed())
            .thenComparingLong(Route::serviceId);

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
        Route[] next = Arrays.stream(routes).filter(r -> r.serviceId() != serviceId).toArray(Route[]::new);
        return next.length == routes.length ? this : new RouteTable(next);
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
