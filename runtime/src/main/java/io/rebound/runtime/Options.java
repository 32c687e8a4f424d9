package io.rebound.runtime;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of one server start, from the command line and the {@code REBOUND_*} environment variables (the
 * command line wins). Parsing is pure: no file system or network access, so every rule is unit-testable.
 */
final class Options {

    private static final int MAX_PORT = 65535;

    private final Map<Option, String> values;
    private final Map<Option, String> origins;

    private Options(Map<Option, String> values, Map<Option, String> origins) {
        this.values = values;
        this.origins = origins;
    }

    /**
     * Parses {@code args} ({@code --opt value} or {@code --opt=value}) over the variables in {@code env}.
     *
     * @throws OptionsException naming the option or variable and what is wrong with it
     */
    static Options parse(String[] args, Map<String, String> env) throws OptionsException {
        Map<Option, String> raw = new EnumMap<>(Option.class);
        Map<Option, String> origins = new EnumMap<>(Option.class);
        for (int i = 0; i < args.length; i++) {
            String arg = "-h".equals(args[i]) ? "--help" : args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new OptionsException(arg.startsWith("-")
                        ? "unknown option '" + arg + "' (try --help)"
                        : "unexpected argument '" + arg + "' (options start with --; try --help)");
            }
            int equals = arg.indexOf('=');
            String name = arg.substring(2, equals < 0 ? arg.length() : equals);
            String value = equals < 0 ? null : arg.substring(equals + 1);
            Option option = Option.named(name);
            if (option == null) {
                throw new OptionsException("unknown option '--" + name + "' (try --help)");
            }
            if (raw.containsKey(option)) {
                throw new OptionsException("option " + option.flag() + " given twice");
            }
            if (option.takesValue() && value == null) {
                // "--port --bind x" means the value was forgotten, not that the port is "--bind".
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new OptionsException("option " + option.flag() + " needs a value");
                }
                value = args[++i];
            }
            if (option.kind() == Option.Kind.HELP && value != null) {
                throw new OptionsException("option " + option.flag() + " takes no value");
            }
            if (option.takesValue() && value.isEmpty()) {
                throw new OptionsException("option " + option.flag() + " needs a value");
            }
            raw.put(option, value == null ? "true" : value);
            origins.put(option, option.flag());
        }
        for (Option option : Option.values()) {
            String variable = option.environmentVariable();
            // An empty variable counts as unset, as a shell's "REBOUND_PORT= java -jar ..." means.
            if (variable != null && !raw.containsKey(option) && env.get(variable) != null
                    && !env.get(variable).isBlank()) {
                raw.put(option, env.get(variable).strip());
                origins.put(option, variable);
            }
        }
        return validate(raw, origins);
    }

    private static Options validate(Map<Option, String> raw, Map<Option, String> origins) throws OptionsException {
        Map<Option, String> values = new EnumMap<>(Option.class);
        for (Option option : Option.values()) {
            String value = raw.get(option);
            if (value == null) {
                value = option.defaultValue();
                origins.put(option, option.flag());
            }
            if (value == null) {
                continue;
            }
            String origin = origins.get(option);
            switch (option.kind()) {
                case PORT:
                    value = String.valueOf(port(value, origin));
                    break;
                case FLAG:
                case HELP:
                    value = String.valueOf(bool(value, origin));
                    break;
                default:
                    if (option == Option.ROOT || option == Option.DATA || option == Option.ADMIN_KEYSTORE) {
                        path(value, origin);
                    }
            }
            values.put(option, value);
        }
        return new Options(values, origins);
    }

    private static int port(String value, String origin) throws OptionsException {
        if (!value.matches("[0-9]+")) {
            throw new OptionsException(origin + ": '" + value + "' is not a port number (0-" + MAX_PORT + ")");
        }
        // More than five digits cannot be a port, and would overflow an int.
        if (value.length() > 5 || Integer.parseInt(value) > MAX_PORT) {
            throw new OptionsException(origin + ": port " + value + " is out of range (0-" + MAX_PORT + ")");
        }
        return Integer.parseInt(value);
    }

    private static boolean bool(String value, String origin) throws OptionsException {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw new OptionsException(origin + ": '" + value + "' is not a boolean (use true, false, 1 or 0)");
        }
    }

    private static Path path(String value, String origin) throws OptionsException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new OptionsException(origin + ": '" + value + "' is not a valid path (" + e.getReason() + ")");
        }
    }

    int port() {
        return Integer.parseInt(values.get(Option.PORT));
    }

    String bind() {
        return values.get(Option.BIND);
    }

    Path root() {
        return Path.of(values.get(Option.ROOT));
    }

    Path data() {
        return Path.of(values.get(Option.DATA));
    }

    int adminPort() {
        return Integer.parseInt(values.get(Option.ADMIN_PORT));
    }

    String adminBind() {
        return values.get(Option.ADMIN_BIND);
    }

    /** @return the admin TLS keystore, or {@code null} for a plain (loopback-only) admin channel */
    Path adminKeystore() {
        String value = values.get(Option.ADMIN_KEYSTORE);
        return value == null ? null : Path.of(value);
    }

    /** @return the keystore's password, or {@code null} when none was given */
    String adminKeystorePassword() {
        return values.get(Option.ADMIN_KEYSTORE_PASSWORD);
    }

    boolean faults() {
        return Boolean.parseBoolean(values.get(Option.FAULTS));
    }

    boolean shell() {
        return Boolean.parseBoolean(values.get(Option.SHELL));
    }

    boolean help() {
        return Boolean.parseBoolean(values.get(Option.HELP));
    }

    /**
     * @return where the value of {@code option} came from, as the user would write it ({@code --root} or
     *         {@code REBOUND_ROOT}), so that a later problem with the value names what to fix
     */
    String origin(Option option) {
        return origins.get(option);
    }
}
