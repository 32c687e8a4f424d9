package io.rebound.itests;

import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Tunes the router's protections (PID {@code io.rebound.router}: hold time, circuit breaker, bulkhead) through
 * ConfigurationAdmin, as an operator would, and waits until a router activated with exactly those values serves:
 * DS puts a component's configuration among its service's properties, so the {@code Dispatcher} service shows it.
 */
final class RouterTuning {

    static final String PID = "io.rebound.router";
    /** By name, so the probe does not have to wire to the spi package. */
    private static final String DISPATCHER = "io.rebound.http.spi.Dispatcher";
    /** Bound to every bundle: the configuration must reach the router bundle, not the probe that made it. */
    private static final String ANY_LOCATION = "?";

    private RouterTuning() {
    }

    /**
     * Configures the router and waits for it to be reactivated with the values.
     *
     * @param properties dotted names ({@code breaker.failures}), as DS maps them to {@code RouterConfig} methods
     * @return the configuration, to {@link #remove} after the test
     */
    static Configuration configure(BundleContext context, Map<String, Object> properties) throws Exception {
        for (String key : properties.keySet()) {
            if (key.contains("_")) {
                throw new IllegalArgumentException("router property '" + key + "' is never read: the names are "
                        + "dotted (" + key.replace('_', '.') + ")");
            }
        }
        Configuration configuration = Services.with(context, ConfigurationAdmin.class,
                admin -> admin.getConfiguration(PID, ANY_LOCATION));
        ServiceReference<?> before = dispatcher(context);
        long oldId = before == null ? -1 : (Long) before.getProperty(Constants.SERVICE_ID);
        configuration.update(new Hashtable<>(properties));
        Await.until("the router to be reactivated with " + properties, () -> {
            ServiceReference<?> now = dispatcher(context);
            return now != null && (Long) now.getProperty(Constants.SERVICE_ID) != oldId && matches(now, properties);
        });
        return configuration;
    }

    /** Deletes the configuration: the router goes back to its defaults. */
    static void remove(Configuration configuration) throws Exception {
        configuration.delete();
    }

    private static ServiceReference<?> dispatcher(BundleContext context) {
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(DISPATCHER, null);
            return references == null ? null : references[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean matches(ServiceReference<?> reference, Map<String, Object> properties) {
        return properties.entrySet().stream().allMatch(e -> Objects.equals(String.valueOf(e.getValue()),
                String.valueOf(reference.getProperty(e.getKey()))));
    }
}
