/**
 * Rebound's durable state, for components that must not lose what they acknowledged across their own reboots, a
 * crash of the process, or a kill.
 *
 * <ul>
 * <li>{@link io.rebound.state.api.StateStore}: named maps of records ({@link io.rebound.state.api.StateMap}) and
 * append-only journals ({@link io.rebound.state.api.Journal}). Every change returns only once it is durable, as the
 * store's fsync policy defines it; the store is crash-only: opening it <em>is</em> recovery.</li>
 * <li>{@link io.rebound.state.api.Checkpoints} and {@link io.rebound.state.api.Checkpointable}: a component saves
 * its in-memory state and gets it back in its next instance.</li>
 * <li>{@link io.rebound.state.api.RecordQueues}: bounded in-memory queues that live in a bundle which is never
 * rebooted, so the records a consumer had not taken yet when it crashed are there for its next instance.</li>
 * </ul>
 *
 * The services come from the {@code io.rebound.state} bundle, which is infrastructure: it is never microrebooted,
 * so references to these services do not churn when components reboot.
 */
@Export
@Version("1.0.0")
package io.rebound.state.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
