package io.rebound.itests;

import java.lang.ref.WeakReference;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Remembers a bundle's class loader of the moment without keeping it alive: a refresh must replace it, and once
 * nothing uses the old one any more, the garbage collector must be able to take it.
 */
final class ClassLoaderWitness {

    private final Bundle bundle;
    private final WeakReference<ClassLoader> loader;
    private final String description;

    ClassLoaderWitness(Bundle bundle) {
        this.bundle = bundle;
        ClassLoader current = loaderOf(bundle);
        if (current == null) {
            throw new AssertionError(bundle.getSymbolicName() + " has no class loader (not resolved)");
        }
        this.loader = new WeakReference<>(current);
        this.description = current.toString();
    }

    /** @return whether the bundle now has a different class loader than when this witness was made */
    boolean replaced() {
        ClassLoader remembered = loader.get();
        return remembered == null || remembered != loaderOf(bundle);
    }

    /** @return whether the remembered class loader has been garbage-collected */
    boolean collected() {
        return loader.get() == null;
    }

    @Override
    public String toString() {
        return description;
    }

    private static ClassLoader loaderOf(Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        return wiring == null ? null : wiring.getClassLoader();
    }
}
