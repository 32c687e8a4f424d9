package io.rebound.router.internal;

import java.lang.reflect.Proxy;

/** A component configuration annotation instance whose every attribute has its declared default, as SCR builds it. */
final class DefaultConfig {

    private DefaultConfig() {
    }

    static <A> A of(Class<A> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> method.getDefaultValue()));
    }
}
