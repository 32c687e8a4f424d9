package io.rebound.accesslog.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.osgi.framework.BundleContext;

/** Stand-ins for what SCR passes to {@code @Activate}: the bundle context and the configuration. */
final class Fakes {

    private Fakes() {
    }

    /** @return a bundle context that only answers {@code getProperty} from {@code properties} */
    static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** What SCR would hand the component for a configuration with these values. */
    static Map<String, Object> config(int queueCapacity, long flushIntervalMillis) {
        return Map.of("queue.capacity", queueCapacity, "flush.interval.millis", flushIntervalMillis);
    }

    /** What SCR hands the component when there is no configuration. */
    static Map<String, Object> defaults() {
        return Map.of();
    }
}
