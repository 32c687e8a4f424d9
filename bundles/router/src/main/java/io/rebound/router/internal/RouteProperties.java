package io.rebound.router.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rebound.http.api.HttpHandler;

import org.osgi.framework.Constants;

/**
 * Turns a handler's service properties into a {@link Route}, or says precisely why it cannot. A handler outside
 * our control may be registered with anything, so every property is checked for type as well as content.
 */
final class RouteProperties {

    private RouteProperties() {
    }

    /**
     * @throws IllegalArgumentException naming the offending property when the registration cannot be routed
     */
    static Route toRoute(HttpHandler handler, Map<String, ?> properties) {
        long serviceId = serviceId(properties);
        String path = path(properties.get(HttpHandler.PATH));
        Set<String> methods = methods(properties.get(HttpHandler.METHODS));
        return new Route(path, methods, String.join(", ", methods), ranking(properties), serviceId, handler);
    }

    /** @return the service id, or {@code -1} when there is none (used to name the handler in a log line) */
    static long serviceIdOrUnknown(Map<String, ?> properties) {
        Object id = properties.get(Constants.SERVICE_ID);
        return id instanceof Long ? (Long) id : -1;
    }

    private static long serviceId(Map<String, ?> properties) {
        Object id = properties.get(Constants.SERVICE_ID);
        if (!(id instanceof Long)) {
            throw new IllegalArgumentException(Constants.SERVICE_ID + " is missing");
        }
        return (Long) id;
    }

    private static String path(Object value) {
        if (value == null) {
            throw new IllegalArgumentException(HttpHandler.PATH + " is missing");
        }
        if (!(value instanceof String)) {
            throw new IllegalArgumentException(HttpHandler.PATH + " must be a String, not "
                    + value.getClass().getSimpleName());
        }
        String path = (String) value;
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(HttpHandler.PATH + " \"" + path + "\" does not start with /");
        }
        // A request path never holds these, so such a prefix could never match: say so instead of staying silent.
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '?' || c == '#') {
                throw new IllegalArgumentException(HttpHandler.PATH + " \"" + path
                        + "\" holds a character a request path cannot contain at index " + i);
            }
        }
        return path;
    }

    private static Set<String> methods(Object value) {
        List<?> declared;
        if (value == null) {
            declared = Arrays.asList(HttpHandler.DEFAULT_METHODS);
        } else if (value instanceof String) {
            declared = List.of(value);
        } else if (value instanceof String[]) {
            declared = Arrays.asList((String[]) value);
        } else if (value instanceof Collection) {
            declared = List.copyOf((Collection<?>) value);
        } else {
            throw new IllegalArgumentException(HttpHandler.METHODS + " must be a String or String[], not "
                    + value.getClass().getSimpleName());
        }
        Set<String> methods = new LinkedHashSet<>();
        for (Object m : declared) {
            if (!(m instanceof String) || !isToken((String) m)) {
                throw new IllegalArgumentException(HttpHandler.METHODS + " holds \"" + m
                        + "\", which is not a method token");
            }
            methods.add((String) m);
            // Whoever answers GET can answer HEAD: the connector drops the body.
            if (m.equals("GET")) {
                methods.add("HEAD");
            }
        }
        if (methods.isEmpty()) {
            throw new IllegalArgumentException(HttpHandler.METHODS + " is empty");
        }
        return Collections.unmodifiableSet(methods);
    }

    private static int ranking(Map<String, ?> properties) {
        // The framework treats a ranking that is not an Integer as 0; so do we.
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        return ranking instanceof Integer ? (Integer) ranking : 0;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }
}
