package io.rebound.itests;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Uses a service of the framework, waiting for it (with {@link Await#DEFAULT}) if it is not there yet. The service
 * is held only while it is used: some (ConfigurationAdmin) are service factories whose object is dead once
 * released.
 */
final class Services {

    /** Work done with a service. */
    @FunctionalInterface
    interface Use<T, R> {
        R apply(T service) throws Exception;
    }

    private Services() {
    }

    static <T, R> R with(BundleContext context, Class<T> type, Use<T, R> use) throws Exception {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(Await.DEFAULT.toMillis());
            if (service == null) {
                throw new AssertionError("no " + type.getName() + " service within " + Await.DEFAULT.toMillis()
                        + " ms");
            }
            return use.apply(service);
        } finally {
            tracker.close();
        }
    }
}
