package io.rebound.accesslog.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * What activation may use of a {@link BundleContext}: framework properties, and registering services (recorded,
 * so a test sees what is registered at any moment). Anything else fails the test.
 */
final class FakeBundleContext {

    /** A service registered through the context, as long as it is not unregistered. */
    record Registered(String type, Object service) {
    }

    private final Map<String, String> properties;
    private final List<Registered> registered = new CopyOnWriteArrayList<>();
    private final BundleContext context;

    FakeBundleContext(Map<String, String> properties) {
        this.properties = properties;
        this.context = proxy(BundleContext.class, this::answer);
    }

    /** @return a context of a server started with {@code --faults} */
    static FakeBundleContext withFaults(Map<String, String> otherProperties) {
        Map<String, String> properties = new HashMap<>(otherProperties);
        properties.put("rebound.faults", "true");
        return new FakeBundleContext(properties);
    }

    BundleContext context() {
        return context;
    }

    /** @return the services registered now, oldest first */
    List<Registered> registered() {
        return List.copyOf(registered);
    }

    private Object answer(Method method, Object[] args) {
        switch (method.getName()) {
            case "getProperty":
                return properties.get((String) args[0]);
            case "registerService":
                Registered r = new Registered(args[0] instanceof Class<?> c ? c.getName() : String.valueOf(args[0]),
                        args[1]);
                registered.add(r);
                return proxy(ServiceRegistration.class, (m, a) -> {
                    if (!m.getName().equals("unregister")) {
                        throw new UnsupportedOperationException("ServiceRegistration." + m.getName());
                    }
                    if (!registered.remove(r)) {
                        throw new IllegalStateException("already unregistered");
                    }
                    return null;
                });
            default:
                throw new UnsupportedOperationException("BundleContext." + method.getName());
        }
    }

    private interface Answer {
        Object answer(Method method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(FakeBundleContext.class.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> switch (method.getName()) {
                    case "toString" -> "fake " + type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> answer.answer(method, args);
                }));
    }
}
