package io.rebound.router.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.rebound.http.api.HttpHandler;

import org.osgi.framework.Constants;

/** Builds handler services and their properties the way DS would hand them to the router. */
final class Handlers {

    private Handlers() {
    }

    /** @return a handler answering 200 with {@code name} as its body */
    static HttpHandler named(String name) {
        return (request, response) -> response.send(200, "text/plain", name.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> props(long serviceId, Object path) {
        Map<String, Object> props = new HashMap<>();
        props.put(Constants.SERVICE_ID, serviceId);
        if (path != null) {
            props.put(HttpHandler.PATH, path);
        }
        return props;
    }

    static Map<String, Object> props(long serviceId, Object path, int ranking) {
        Map<String, Object> props = props(serviceId, path);
        props.put(Constants.SERVICE_RANKING, ranking);
        return props;
    }

    static Map<String, Object> props(long serviceId, Object path, Object methods) {
        Map<String, Object> props = props(serviceId, path);
        props.put(HttpHandler.METHODS, methods);
        return props;
    }
}
