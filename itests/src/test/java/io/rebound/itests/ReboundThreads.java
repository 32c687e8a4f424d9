package io.rebound.itests;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/** The server's threads, found by Rebound's naming rule {@code rebound-<area>-<role>}. */
final class ReboundThreads {

    private ReboundThreads() {
    }

    /** @return live threads whose name starts with {@code prefix} */
    static List<Thread> live(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .collect(Collectors.toList());
    }

    /** @return the names of live {@code rebound-*} threads, sorted, with their count */
    static Map<String, Integer> namesOfLive() {
        Map<String, Integer> names = new TreeMap<>();
        for (Thread thread : live("rebound-")) {
            names.merge(thread.getName(), 1, Integer::sum);
        }
        return names;
    }

    /**
     * Counts the threads of a component the way the supervisor's thread census does: named
     * {@code rebound-<name>-*}, or running with the component bundle's class loader as context class loader.
     */
    static int censusCount(String name, Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
        String prefix = "rebound-" + name + "-";
        int count = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && (thread.getName().startsWith(prefix)
                    || loader != null && thread.getContextClassLoader() == loader)) {
                count++;
            }
        }
        return count;
    }

    /** @return each given thread that is still alive, with its state and stack, one per line */
    static String describeAlive(List<Thread> threads) {
        StringBuilder text = new StringBuilder();
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                text.append("\n  ").append(thread.getName()).append(" state ").append(thread.getState());
                for (StackTraceElement frame : thread.getStackTrace()) {
                    text.append("\n      at ").append(frame);
                }
            }
        }
        return text.toString();
    }
}
