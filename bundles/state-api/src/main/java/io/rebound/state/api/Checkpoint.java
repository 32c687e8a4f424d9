package io.rebound.state.api;

import java.time.Instant;

/**
 * A saved state of a component.
 *
 * @param state the bytes the component saved (not copied: treat as read-only)
 * @param savedAt when they were saved
 */
public record Checkpoint(byte[] state, Instant savedAt) {
}
