package io.rebound.recovery.api;

import java.util.Locale;

/** The faults that can be injected into a component (admin {@code POST /faults/{name}?kind=KIND}). */
public enum FaultKind {
    /** A thread of the component dies of an uncaught error; a component without threads is left broken. */
    CRASH,
    /** The component's thread, or its next call, blocks forever. */
    HANG,
    /** The component's next call throws. */
    EXCEPTION,
    /** The component starts leaking memory and threads. */
    LEAK,
    /** The component's calls take seconds (but less than their deadline). */
    SLOW;

    /**
     * @param text a kind name, any case
     * @throws IllegalArgumentException naming the valid kinds
     */
    public static FaultKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "unknown fault kind '" + text + "'; use crash, hang, exception, leak or slow");
        }
    }

    /** @return the kind's name as the admin API spells it */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
