package io.rebound.recovery.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One factory configuration {@code io.rebound.recovery.policy}: the restart policy of one component, overriding
 * the defaults. The supervisor picks these up dynamically.
 */
// Immediate, so its DS state does not change (SATISFIED to ACTIVE) as a side effect of the supervisor looking it up.
@Component(name = "io.rebound.recovery.policy", service = ComponentPolicy.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE, configurationPid = "io.rebound.recovery.policy")
@Designate(ocd = PolicyConfig.class, factory = true)
public final class ComponentPolicy {

    private final PolicyConfig config;

    @Activate
    public ComponentPolicy(PolicyConfig config) {
        if (config.component() == null || config.component().isBlank()) {
            throw new IllegalArgumentException("io.rebound.recovery.policy: 'component' must name a component");
        }
        // Fail activation now, with the attribute named, rather than at the first failure of the component.
        RestartPolicy.PLACEHOLDER.with(config);
        this.config = config;
    }

    String component() {
        return config.component().trim();
    }

    RestartPolicy over(RestartPolicy defaults) {
        return defaults.with(config);
    }
}
