package io.rebound.recovery.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Finds the supervised bundles and names them: a bundle whose manifest carries {@value #HEADER} is the component
 * of that name. Read from the live framework at each call, so a rebooted bundle (same id, new revision) is always
 * current.
 */
final class SupervisedBundles {

    /** Manifest header naming the component a bundle implements. */
    static final String HEADER = "Rebound-Component";

    private final BundleContext context;

    SupervisedBundles(BundleContext context) {
        this.context = context;
    }

    /** @return supervised bundles by component name, in bundle-id order */
    Map<String, Bundle> byName() {
        Map<String, Bundle> named = new LinkedHashMap<>();
        for (Bundle bundle : context.getBundles()) {
            String name = nameOf(bundle);
            if (name != null) {
                named.put(name, bundle);
            }
        }
        return named;
    }

    /** @return the component name of {@code bundle}, or {@code null} when it is not supervised */
    static String nameOf(Bundle bundle) {
        String header = bundle.getHeaders("").get(HEADER);
        return header == null || header.isBlank() ? null : header.trim();
    }

    /** @return names of the supervised components whose services {@code bundle} uses right now */
    static List<String> dependenciesOf(Bundle bundle) {
        List<String> names = new ArrayList<>();
        ServiceReference<?>[] used = bundle.getState() == Bundle.ACTIVE ? bundle.getServicesInUse() : null;
        if (used != null) {
            for (ServiceReference<?> reference : used) {
                Bundle provider = reference.getBundle();
                String name = provider == null || provider.equals(bundle) ? null : nameOf(provider);
                if (name != null && !names.contains(name)) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        return names;
    }
}
