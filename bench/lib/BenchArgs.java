import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --name value} pairs a bench program gets from its script. The scripts have already checked what the
 * user typed (and print the usage); these checks only keep a bench from running with values that make no sense.
 * Each option is taken out as it is read, so that {@link #rejectUnknown} finds what nobody asked for.
 */
final class BenchArgs {

    private final Map<String, String> m = new LinkedHashMap<>();

    BenchArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            m.put(args[i].substring(2), args[++i]);
        }
    }

    String need(String name) {
        String v = m.remove(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    /** The value, or {@code dflt} (which may be null) when the option is absent. */
    String take(String name, String dflt) {
        String v = m.remove(name);
        return v == null ? dflt : v;
    }

    /** The value as a path, or null when the option is absent. */
    Path optionalPath(String name) {
        String v = m.remove(name);
        return v == null ? null : Path.of(v);
    }

    int positive(String name, int dflt) {
        int v = Integer.parseInt(take(name, String.valueOf(dflt)));
        if (v < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1");
        }
        return v;
    }

    int atLeast0(String name, int dflt) {
        int v = Integer.parseInt(take(name, String.valueOf(dflt)));
        if (v < 0) {
            throw new IllegalArgumentException("--" + name + " must not be negative");
        }
        return v;
    }

    /** Fails on any option not taken yet; call it once everything is read. */
    void rejectUnknown() {
        if (!m.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + m.keySet());
        }
    }
}
