package io.rebound.recovery.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Finds the supervised bundles and names them: a bundle whose manifest carries {@value #HEADER} is the component
 * of that name (Rebound's own); a bundle installed from the deploy directory is supervised under its symbolic name
 * (a foreign bundle that knows nothing of Rebound). The bundles are read from the live framework at each call, so a
 * rebooted bundle (same id, new revision) is always current; a bundle's name is remembered until it is updated.
 */
final class SupervisedBundles {

    /** Manifest header naming the component a bundle implements. */
    static final String HEADER = "Rebound-Component";

    private final BundleContext context;
    private final String deployLocation;
    // Bundle id -> its name, or null for an unsupervised bundle; asked from several threads.
    private final Map<Long, Named> names = new ConcurrentHashMap<>();

    /**
     * @param deployDir the hot-deploy directory, or {@code null} when there is none
     */
    SupervisedBundles(BundleContext context, Path deployDir) {
        this.context = context;
        this.deployLocation = deployDir == null ? null : deployDir.toAbsolutePath().normalize().toString();
    }

    /** @return supervised bundles by component name, in bundle-id order */
    Map<String, Bundle> byName() {
        Map<String, Bundle> named = new LinkedHashMap<>();
        Bundle[] bundles = context.getBundles();
        for (Bundle bundle : bundles) {
            String name = nameOf(bundle);
            if (name != null) {
                named.put(name, bundle);
            }
        }
        if (names.size() > bundles.length) {
            Set<Long> present = new HashSet<>();
            for (Bundle bundle : bundles) {
                present.add(bundle.getBundleId());
            }
            names.keySet().retainAll(present);
        }
        return named;
    }

    /** @return the component name of {@code bundle}, or {@code null} when it is not supervised */
    String nameOf(Bundle bundle) {
        // The scan asks for every bundle ten times a second, and Felix copies a bundle's headers on each
        // getHeaders: remember the answer until the bundle is updated (which is what changes its last-modified
        // time; a refresh keeps both the id and the headers).
        long modified = bundle.getLastModified();
        Named known = names.get(bundle.getBundleId());
        if (known != null && known.lastModified == modified) {
            return known.name;
        }
        String header = bundle.getHeaders("").get(HEADER);
        String name = header != null && !header.isBlank() ? header.trim()
                : deployed(bundle) ? bundle.getSymbolicName() : null;
        names.put(bundle.getBundleId(), new Named(name, modified));
        return name;
    }

    private static final class Named {
        final String name;
        final long lastModified;

        Named(String name, long lastModified) {
            this.name = name;
            this.lastModified = lastModified;
        }
    }

    /** @return whether {@code bundle} is one of Rebound's own components (as opposed to a deployed foreign one) */
    static boolean own(Bundle bundle) {
        String header = bundle.getHeaders("").get(HEADER);
        return header != null && !header.isBlank();
    }

    private boolean deployed(Bundle bundle) {
        return deployLocation != null && bundle.getSymbolicName() != null
                && bundle.getLocation().contains(deployLocation);
    }

    /**
     * @return names of the supervised components {@code bundle} depends on right now: whose services it uses (DS
     *         references) or whose packages it imports (wiring)
     */
    List<String> dependenciesOf(Bundle bundle) {
        List<String> names = new ArrayList<>();
        ServiceReference<?>[] used = bundle.getState() == Bundle.ACTIVE ? bundle.getServicesInUse() : null;
        if (used != null) {
            for (ServiceReference<?> reference : used) {
                add(names, bundle, reference.getBundle());
            }
        }
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                add(names, bundle, wire.getProvider().getBundle());
            }
        }
        names.sort(null);
        return names;
    }

    private void add(List<String> names, Bundle user, Bundle provider) {
        String name = provider == null || provider.equals(user) ? null : nameOf(provider);
        if (name != null && !names.contains(name)) {
            names.add(name);
        }
    }
}
