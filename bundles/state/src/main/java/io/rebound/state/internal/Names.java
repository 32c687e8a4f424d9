package io.rebound.state.internal;

import java.util.regex.Pattern;

/** The rule for names of maps, journals and queues: 1 to 64 of {@code A-Z a-z 0-9 . _ -}. */
final class Names {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Names() {
    }

    /** @throws IllegalArgumentException naming {@code what} when {@code name} breaks the rule */
    static String check(String what, String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name must be 1 to 64 of A-Z a-z 0-9 . _ -, not '" + name + "'");
        }
        return name;
    }
}
