package io.rebound.itests;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * What a microreboot may and may not change, at one moment: every bundle's id and state, and every Declarative
 * Services component configuration's id and state. SCR gives each activation a new configuration id, so an
 * unchanged id proves that a component was not reactivated — not even by a cascade through its references.
 */
final class SystemSnapshot {

    /** bundle id → "symbolic-name state" */
    final Map<Long, String> bundles;
    /** "bundle-id symbolic-name / component-name" → "ids [..] states [..]" */
    final Map<String, String> components;

    private SystemSnapshot(Map<Long, String> bundles, Map<String, String> components) {
        this.bundles = bundles;
        this.components = components;
    }

    static SystemSnapshot take(BundleContext context) {
        try {
            return Services.with(context, ServiceComponentRuntime.class, scr -> take(context, scr));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the DS runtime", e);
        }
    }

    private static SystemSnapshot take(BundleContext context, ServiceComponentRuntime scr) {
        Map<Long, String> bundles = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            bundles.put(bundle.getBundleId(), bundle.getSymbolicName() + " " + Bundles.stateName(bundle.getState()));
        }
        Map<String, String> components = new TreeMap<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            ComponentConfigurationDTO[] configurations = scr.getComponentConfigurationDTOs(description)
                    .toArray(new ComponentConfigurationDTO[0]);
            Arrays.sort(configurations, (a, b) -> Long.compare(a.id, b.id));
            String ids = Arrays.stream(configurations).map(c -> String.valueOf(c.id))
                    .collect(Collectors.joining(",", "ids [", "]"));
            String states = Arrays.stream(configurations).map(c -> configurationState(c.state))
                    .collect(Collectors.joining(",", "states [", "]"));
            components.put(description.bundle.id + " " + description.bundle.symbolicName + " / " + description.name,
                    ids + " " + states);
        }
        return new SystemSnapshot(bundles, components);
    }

    /** @return the bundles other than {@code bundleId} */
    Map<Long, String> bundlesExcept(long bundleId) {
        Map<Long, String> copy = new TreeMap<>(bundles);
        copy.remove(bundleId);
        return copy;
    }

    /** @return the DS components of bundles other than {@code bundleId} */
    Map<String, String> componentsExcept(long bundleId) {
        return components.entrySet().stream().filter(e -> !e.getKey().startsWith(bundleId + " "))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /** @return the DS components of bundle {@code bundleId} */
    Map<String, String> componentsOf(long bundleId) {
        return components.entrySet().stream().filter(e -> e.getKey().startsWith(bundleId + " "))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    static String configurationState(int state) {
        switch (state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION: return "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE: return "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.SATISFIED: return "SATISFIED";
            case ComponentConfigurationDTO.ACTIVE: return "ACTIVE";
            case ComponentConfigurationDTO.FAILED_ACTIVATION: return "FAILED_ACTIVATION";
            default: return "STATE-" + state;
        }
    }
}
