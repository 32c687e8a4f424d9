package io.rebound.runtime;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * What "ready" means: the services every request path needs are registered. Looked up by class-name strings on the
 * system bundle context, because the launcher must never load a bundle's class: it would pin that class loader
 * across a microreboot and see a different class than the bundles do.
 */
final class Readiness {

    /** A service that must be registered. */
    record Requirement(String objectClass, String filter) {

        @Override
        public String toString() {
            return filter == null ? objectClass : objectClass + " " + filter;
        }
    }

    static final List<Requirement> REQUIRED = List.of(
            new Requirement("io.rebound.http.spi.Connector", null),
            new Requirement("io.rebound.http.spi.RequestParser", null),
            new Requirement("io.rebound.http.spi.Dispatcher", null),
            // The access log writer, not an observer such as the request metrics (which registers as an AccessLog too).
            new Requirement("io.rebound.http.spi.AccessLog", "(!(rebound.accesslog.observer=true))"),
            new Requirement("io.rebound.http.api.HttpHandler", "(rebound.http.path=/)"),
            new Requirement("io.rebound.recovery.internal.AdminServer", null));

    private static final String CHANNEL_CLASS = "java.nio.channels.ServerSocketChannel";

    private final BundleContext context;

    Readiness(BundleContext context) {
        this.context = context;
    }

    /** @return the requirements not met right now, in {@link #REQUIRED} order */
    List<Requirement> missing() {
        List<Requirement> missing = new ArrayList<>();
        for (Requirement requirement : REQUIRED) {
            if (references(requirement.objectClass(), requirement.filter()) == null) {
                missing.add(requirement);
            }
        }
        return missing;
    }

    /** @return {@code name (STATE)} of every non-fragment bundle that is not ACTIVE, except {@code notYetStarted} */
    List<String> inactiveBundles(String notYetStarted) {
        List<String> inactive = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() != Bundle.ACTIVE && !EmbeddedBundles.isFragment(bundle)
                    && !notYetStarted.equals(bundle.getSymbolicName())) {
                inactive.add(bundle.getSymbolicName() + " (" + stateName(bundle.getState()) + ")");
            }
        }
        return inactive;
    }

    /** @return {@link #url(String, String)} with scheme {@code http} */
    String url(String role) {
        return url(role, "http");
    }

    /**
     * @param role {@code http} or {@code admin}
     * @param scheme {@code http}, or {@code https} for an admin channel with TLS
     * @return the URL of the listening socket the listener registered for {@code role}, or {@code null}
     */
    String url(String role, String scheme) {
        ServiceReference<?>[] refs = references(CHANNEL_CLASS, "(rebound.channel=" + role + ")");
        if (refs == null) {
            return null;
        }
        Object address = refs[0].getProperty("rebound.address");
        Object port = refs[0].getProperty("rebound.port");
        if (address == null || port == null) {
            return null;
        }
        String host = address.toString();
        // An IPv6 literal needs brackets in a URL (RFC 3986 section 3.2.2).
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + "/";
    }

    private ServiceReference<?>[] references(String objectClass, String filter) {
        try {
            // getAll: the system bundle cannot see these packages, so the assignability check must be skipped.
            return context.getAllServiceReferences(objectClass, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("bad built-in filter " + filter, e);
        }
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.UNINSTALLED:
                return "UNINSTALLED";
            case Bundle.INSTALLED:
                return "INSTALLED";
            case Bundle.RESOLVED:
                return "RESOLVED";
            case Bundle.STARTING:
                return "STARTING";
            case Bundle.STOPPING:
                return "STOPPING";
            case Bundle.ACTIVE:
                return "ACTIVE";
            default:
                return "state " + state;
        }
    }
}
