package io.rebound.recovery.internal;

import java.util.Locale;

/** OTP's restart types: which failures a component is restarted for. */
enum RestartType {
    /** Restarted after any failure. */
    PERMANENT,
    /** Restarted after an abnormal failure; a bundle that stopped by itself without error stays stopped. */
    TRANSIENT,
    /** Never restarted: its first failure makes it FAILED. */
    TEMPORARY;

    static RestartType parse(String text, String where) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": restart_type must be permanent, transient or temporary, not '"
                    + text + "'");
        }
    }
}
