package io.rebound.itests;

import java.util.Arrays;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/** Finding bundles of the framework under test, and naming their states. */
final class Bundles {

    private Bundles() {
    }

    /** The probe's own context: every test class lives in the probe bundle. */
    static BundleContext context() {
        return FrameworkUtil.getBundle(Bundles.class).getBundleContext();
    }

    /** @return the bundle of Rebound component {@code name} ({@code io.rebound.<name>}) */
    static Bundle component(String name) {
        return bySymbolicName("io.rebound." + name);
    }

    static Bundle bySymbolicName(String symbolicName) {
        return Arrays.stream(context().getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "STATE-" + state;
        }
    }
}
