package io.rebound.recovery.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.rebound.http.api.HttpHandler;
import io.rebound.http.api.HttpStatus;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * Keeps the routes of a component that was given up on answering {@code 503 Service Unavailable} instead of falling
 * through to another handler (typically a 404 from the static files): the server is degraded, not wrong. A
 * tombstone has the lowest ranking, so the component's own handler wins again as soon as it is back.
 */
final class Tombstones {

    private final BundleContext context;
    private final Map<String, List<ServiceRegistration<HttpHandler>>> byComponent = new ConcurrentHashMap<>();

    Tombstones(BundleContext context) {
        this.context = context;
    }

    /** @return the handler paths {@code bundle} serves right now (read before it is stopped) */
    List<String> pathsOf(Bundle bundle) {
        List<String> paths = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(HttpHandler.class.getName(), null);
            if (refs != null) {
                for (ServiceReference<?> ref : refs) {
                    Object path = ref.getProperty(HttpHandler.PATH);
                    if (bundle.equals(ref.getBundle()) && path instanceof String) {
                        paths.add((String) path);
                    }
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return paths;
    }

    void place(String component, List<String> paths) {
        List<ServiceRegistration<HttpHandler>> registrations = new ArrayList<>();
        byte[] body = ("503 Service Unavailable: " + component + " has failed\n").getBytes(StandardCharsets.UTF_8);
        for (String path : paths) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(HttpHandler.PATH, path);
            props.put(HttpHandler.METHODS, new String[] { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS" });
            props.put(Constants.SERVICE_RANKING, Integer.MIN_VALUE);
            props.put("rebound.tombstone", component);
            registrations.add(context.registerService(HttpHandler.class, (request, response) -> {
                response.header("Retry-After", "30");
                response.send(HttpStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", body);
            }, props));
        }
        List<ServiceRegistration<HttpHandler>> old = byComponent.put(component, registrations);
        unregister(old);
    }

    void remove(String component) {
        unregister(byComponent.remove(component));
    }

    void removeAll() {
        byComponent.keySet().forEach(this::remove);
    }

    private static void unregister(List<ServiceRegistration<HttpHandler>> registrations) {
        if (registrations != null) {
            for (ServiceRegistration<HttpHandler> r : registrations) {
                try {
                    r.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // Unregistered with the bundle already.
                }
            }
        }
    }
}
