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

    static AccessLogConfig config(int queueCapacity, long flushIntervalMillis) {
        return (AccessLogConfig) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                new Class<?>[] { AccessLogConfig.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "queue_capacity": return queueCapacity;
                        case "flush_interval_millis": return flushIntervalMillis;
                        case "annotationType": return AccessLogConfig.class;
                        default: throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    static AccessLogConfig defaults() {
        return config(65536, 1000);
    }
}
