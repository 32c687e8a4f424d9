package io.rebound.router.internal;

import java.util.Set;

import io.rebound.http.api.HttpHandler;

/**
 * One registered handler as the router sees it: the prefix it serves, the methods it accepts and what decides
 * between handlers registered on the same prefix.
 *
 * @param path the prefix served, starting with {@code /}
 * @param methods the accepted methods in declaration order, {@code HEAD} included when {@code GET} is
 * @param allow {@code methods} as an {@code Allow} header value, computed once rather than per 405
 * @param ranking the service ranking; higher wins on the same prefix
 * @param serviceId the service id; lower wins on a ranking tie, and identifies the route on unbind
 * @param handler the handler service
 */
record Route(String path, Set<String> methods, String allow, int ranking, long serviceId, HttpHandler handler) {

    /**
     * @return whether this route serves {@code requestPath}: the prefix matches whole segments, so {@code /kv}
     *         serves {@code /kv}, {@code /kv/} and {@code /kv/a} but not {@code /kvx}
     */
    boolean serves(String requestPath) {
        return prefixOf(path, requestPath);
    }

    /** @return whether {@code prefix} matches {@code requestPath} on whole segments */
    static boolean prefixOf(String prefix, String requestPath) {
        if (!requestPath.startsWith(prefix)) {
            return false;
        }
        return requestPath.length() == prefix.length()
                || prefix.endsWith("/")
                || requestPath.charAt(prefix.length()) == '/';
    }

    boolean accepts(String method) {
        return methods.contains(method);
    }
}
