package io.rebound.recovery.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Counts the live threads of each supervised component, an aging signal: a component that keeps starting threads
 * it never ends is leaking, and a microreboot gives its resources back. A thread belongs to a component when its
 * name starts with {@code rebound-<name>-} (Rebound's naming rule) or its context class loader is the component
 * bundle's class loader (how a foreign bundle's threads usually look).
 */
final class ThreadCensus {

    /**
     * Threads of one component.
     *
     * @param total every live thread
     * @param steady those outside elastic worker pools (named {@code ...-worker-N}), which grow and shrink with
     *        load: growth here, with no load to explain it, is a leak
     */
    record Count(int total, int steady) {
    }

    /** @return live threads per component name, for the bundles given */
    Map<String, Count> count(Map<String, Bundle> components) {
        Map<ClassLoader, String> loaders = new HashMap<>();
        components.forEach((name, bundle) -> {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
            if (loader != null) {
                loaders.put(loader, name);
            }
        });
        Map<String, Count> counts = new HashMap<>();
        for (Thread thread : liveThreads()) {
            String owner = ownerByName(thread.getName(), components);
            if (owner == null) {
                owner = loaders.get(thread.getContextClassLoader());
            }
            if (owner != null) {
                int steady = thread.getName().contains("-worker-") ? 0 : 1;
                counts.merge(owner, new Count(1, steady), (a, b) -> new Count(a.total + b.total, a.steady + b.steady));
            }
        }
        return counts;
    }

    private static String ownerByName(String threadName, Map<String, Bundle> components) {
        if (!threadName.startsWith("rebound-")) {
            return null;
        }
        int end = threadName.indexOf('-', "rebound-".length());
        String area = end < 0 ? null : threadName.substring("rebound-".length(), end);
        return area != null && components.containsKey(area) ? area : null;
    }

    private static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() * 2 + 16];
        int n = root.enumerate(threads, true);
        Thread[] live = new Thread[n];
        System.arraycopy(threads, 0, live, 0, n);
        return live;
    }
}
