package io.rebound.itests;

import java.io.IOException;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;

/**
 * Tunes the recovery manager through ConfigurationAdmin, as an operator would: the default restart policy (PID
 * {@code io.rebound.recovery}) and per-component policies (factory PID {@code io.rebound.recovery.policy}). Each
 * change is waited for until the supervisor demonstrably runs with it, so that a test never injects a fault into a
 * supervisor still using the old values.
 */
final class RecoveryTuning {

    static final String PID = "io.rebound.recovery";
    static final String POLICY_FACTORY_PID = "io.rebound.recovery.policy";
    private static final String SUPERVISION = "io.rebound.recovery.api.Supervision";
    private static final String POLICY_SERVICE = "io.rebound.recovery.internal.ComponentPolicy";
    private static final String SUPERVISOR_COMPONENT = "io.rebound.recovery.supervisor";
    /** The supervisor's reference to the policies (its field name). */
    private static final String POLICIES_REFERENCE = "policies";
    /** Bound to every bundle: the configuration must reach the recovery bundle, not the probe that made it. */
    private static final String ANY_LOCATION = "?";

    private RecoveryTuning() {
    }

    /**
     * Sets the default policy and waits until a supervisor activated with exactly these values is registered. A
     * supervisor already running with them is kept (no needless reactivation between tests of one framework).
     */
    static void configureDefaults(BundleContext context, Map<String, Object> properties) throws Exception {
        requireDotted(properties);
        Services.with(context, ConfigurationAdmin.class, admin -> {
            configureDefaults(context, admin.getConfiguration(PID, ANY_LOCATION), properties);
            return null;
        });
    }

    private static void configureDefaults(BundleContext context, Configuration configuration,
            Map<String, Object> properties) throws IOException {
        ServiceReference<?> current = supervision(context);
        if (current != null && matches(current, properties) && sameValues(configuration.getProperties(), properties)) {
            return;
        }
        long oldId = current == null ? -1 : (Long) current.getProperty(Constants.SERVICE_ID);
        configuration.update(new Hashtable<>(properties));
        // The supervisor has no modified method: SCR reactivates it, and the Supervision service is registered anew
        // with the configuration among its properties.
        Await.until("the supervisor to be reactivated with " + properties, () -> {
            ServiceReference<?> reference = supervision(context);
            return reference != null && (Long) reference.getProperty(Constants.SERVICE_ID) != oldId
                    && matches(reference, properties);
        });
    }

    /**
     * Gives one component its own policy and waits until the supervisor has bound it.
     *
     * @return the configuration, to {@link #removePolicy remove} after the test
     */
    static Configuration addPolicy(BundleContext context, String component, Map<String, Object> properties)
            throws Exception {
        requireDotted(properties);
        Configuration configuration = Services.with(context, ConfigurationAdmin.class,
                admin -> admin.createFactoryConfiguration(POLICY_FACTORY_PID, ANY_LOCATION));
        Hashtable<String, Object> values = new Hashtable<>(properties);
        values.put("component", component);
        configuration.update(values);
        String pid = configuration.getPid();
        // Bound and activated: a snapshot of the DS runtime taken next must not see the policy still activating.
        Await.until("the supervisor to bind the policy of " + component + " " + properties, () -> {
            Long serviceId = policyServiceId(context, pid);
            return serviceId != null && supervisorPolicies(context).contains(serviceId) && policyActive(context, pid);
        });
        return configuration;
    }

    /** Deletes a policy made by {@link #addPolicy} and waits until the supervisor has let go of it. */
    static void removePolicy(BundleContext context, Configuration configuration) throws Exception {
        String pid = configuration.getPid();
        Long serviceId = policyServiceId(context, pid);
        configuration.delete();
        if (serviceId != null) {
            Await.until("the supervisor to unbind policy " + pid, () -> !supervisorPolicies(context).contains(serviceId));
        }
    }

    /**
     * DS maps the configuration interface's method {@code hang_deadline_millis()} to the property
     * {@code hang.deadline.millis}: an underscored key would be ignored silently and the test would run with defaults.
     */
    private static void requireDotted(Map<String, Object> properties) {
        for (String key : properties.keySet()) {
            if (key.contains("_")) {
                throw new IllegalArgumentException("recovery property '" + key + "' is never read: the names are "
                        + "dotted (" + key.replace('_', '.') + ")");
            }
        }
    }

    private static Long policyServiceId(BundleContext context, String pid) {
        ServiceReference<?>[] references = references(context, POLICY_SERVICE,
                "(" + Constants.SERVICE_PID + "=" + pid + ")");
        return references == null ? null : (Long) references[0].getProperty(Constants.SERVICE_ID);
    }

    /** @return ids of the policy services bound to the active supervisor, read from SCR's runtime DTOs */
    private static Set<Long> supervisorPolicies(BundleContext context) throws Exception {
        return Services.with(context, ServiceComponentRuntime.class, scr -> supervisorPolicies(context, scr));
    }

    private static Set<Long> supervisorPolicies(BundleContext context, ServiceComponentRuntime scr) {
        for (Bundle bundle : context.getBundles()) {
            if (!PID.equals(bundle.getSymbolicName())) {
                continue;
            }
            ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle, SUPERVISOR_COMPONENT);
            if (description == null) {
                return Set.of();
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state != ComponentConfigurationDTO.ACTIVE) {
                    continue;
                }
                for (SatisfiedReferenceDTO reference : configuration.satisfiedReferences) {
                    if (POLICIES_REFERENCE.equals(reference.name)) {
                        return Arrays.stream(reference.boundServices).map(s -> s.id).collect(Collectors.toSet());
                    }
                }
                return Set.of();
            }
        }
        return Set.of();
    }

    private static boolean policyActive(BundleContext context, String pid) throws Exception {
        return Services.with(context, ServiceComponentRuntime.class, scr -> scr.getComponentDescriptionDTOs().stream()
                .filter(description -> POLICY_FACTORY_PID.equals(description.name))
                .flatMap(description -> scr.getComponentConfigurationDTOs(description).stream())
                .anyMatch(configuration -> pid.equals(configuration.properties.get(Constants.SERVICE_PID))
                        && configuration.state == ComponentConfigurationDTO.ACTIVE));
    }

    private static ServiceReference<?> supervision(BundleContext context) {
        ServiceReference<?>[] references = references(context, SUPERVISION, null);
        return references == null ? null : references[0];
    }

    // All, not only those the probe could cast: the probe never wires to the recovery bundle's private package.
    private static ServiceReference<?>[] references(BundleContext context, String type, String filter) {
        try {
            return context.getAllServiceReferences(type, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }

    private static boolean matches(ServiceReference<?> reference, Map<String, Object> properties) {
        return properties.entrySet().stream().allMatch(e -> Objects.equals(String.valueOf(e.getValue()),
                String.valueOf(reference.getProperty(e.getKey()))));
    }

    private static boolean sameValues(Dictionary<String, Object> current, Map<String, Object> wanted) {
        if (current == null) {
            return false;
        }
        return wanted.entrySet().stream().allMatch(e -> Objects.equals(String.valueOf(e.getValue()),
                String.valueOf(current.get(e.getKey()))));
    }
}
