/**
 * How a component cooperates with Rebound's supervisor, beyond what the supervisor sees from outside (bundle and
 * Declarative Services state, uncaught exceptions, health checks).
 *
 * <ul>
 * <li>{@link io.rebound.recovery.api.Supervision}, provided by the recovery bundle: put deadlines on calls into
 * other components ({@link io.rebound.recovery.api.Supervision#enter}), get threads whose crashes are attributed
 * exactly ({@link io.rebound.recovery.api.Supervision#threadFactory}), report a failure the component noticed
 * itself ({@link io.rebound.recovery.api.Supervision#failed}).</li>
 * <li>{@link io.rebound.recovery.api.FaultTarget}, provided by components when the server runs with
 * {@code --faults}: accepts injected faults ({@link io.rebound.recovery.api.FaultKind}), usually through a
 * {@link io.rebound.recovery.api.FaultSwitch}.</li>
 * <li>{@link io.rebound.recovery.api.ConfigProperties}: reads a component's configuration without the class DS would
 * generate for a typed configuration in every new class loader, and refuses a bad value with an
 * {@link io.rebound.recovery.api.InvalidConfigurationException}, which tells the supervisor not to restart the
 * component but to wait for a corrected configuration.</li>
 * </ul>
 *
 * Components hold {@code Supervision} through an optional dynamic reference and carry on without it: the recovery
 * bundle can itself be rebooted.
 */
@Export
@Version("1.1.0")
package io.rebound.recovery.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
