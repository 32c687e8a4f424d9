package io.rebound.router.internal;

import java.util.List;
import java.util.Set;

/**
 * The methods this server implements at all (RFC 9110 section 9 plus PATCH). Anything else is answered
 * {@code 501} before routing, so a handler never sees a method the server cannot frame.
 */
final class KnownMethods {

    private static final List<String> METHODS =
            List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
    private static final Set<String> LOOKUP = Set.copyOf(METHODS);

    /** The {@code Allow} value for {@code OPTIONS *}. */
    static final String ALLOW = String.join(", ", METHODS);

    private KnownMethods() {
    }

    /** @return whether {@code method} (case-sensitive) is one the server implements */
    static boolean contains(String method) {
        return method != null && LOOKUP.contains(method);
    }
}
