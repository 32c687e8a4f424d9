package io.rebound.runtime;

import java.util.Locale;

/** The command-line options of {@code rebound.jar}, with their environment variables, defaults and help text. */
enum Option {
    PORT("port", Kind.PORT, "N", "8080", "public HTTP port; 0 picks a free port"),
    BIND("bind", Kind.TEXT, "ADDR", "127.0.0.1", "public bind address"),
    ROOT("root", Kind.TEXT, "DIR", "./www", "static document root, created with an index.html if missing"),
    DATA("data", Kind.TEXT, "DIR", "./rebound-data", "state, logs, admin token; DIR/deploy hot-deploys bundles"),
    ADMIN_PORT("admin-port", Kind.PORT, "N", "8081", "admin port; 0 picks a free port"),
    ADMIN_BIND("admin-bind", Kind.TEXT, "ADDR", "127.0.0.1",
            "admin bind address; other than loopback only with --admin-keystore"),
    ADMIN_KEYSTORE("admin-keystore", Kind.TEXT, "FILE", null, "PKCS12 keystore: the admin API speaks TLS only"),
    // A secret: the environment variable is the better place (a flag shows in ps and shell history).
    ADMIN_KEYSTORE_PASSWORD("admin-keystore-password", Kind.TEXT, "PASS", null,
            "keystore password; prefer the variable (flags show in ps)"),
    FAULTS("faults", Kind.FLAG, null, "false", "fault injection: admin /faults, Gogo rebound:inject"),
    SHELL("shell", Kind.FLAG, null, "false", "interactive Gogo shell on the console"),
    // Not read from the environment: a stray REBOUND_HELP would turn a server start into a help text and exit 0.
    HELP("help", Kind.HELP, null, null, "print this help and exit");

    /** How an option takes its value. */
    enum Kind {
        /** A port number 0-65535. */
        PORT,
        /** Any non-empty text. */
        TEXT,
        /** On when present; {@code --name=BOOL} and the variable take true, false, 1 or 0. */
        FLAG,
        /** On when present; takes no value at all. */
        HELP
    }

    private static final String ENV_PREFIX = "REBOUND_";

    private final String name;
    private final Kind kind;
    private final String placeholder;
    private final String defaultValue;
    private final String description;

    Option(String name, Kind kind, String placeholder, String defaultValue, String description) {
        this.name = name;
        this.kind = kind;
        this.placeholder = placeholder;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** @return the option named {@code name} (without the leading {@code --}), or {@code null} */
    static Option named(String name) {
        for (Option option : values()) {
            if (option.name.equals(name)) {
                return option;
            }
        }
        return null;
    }

    Kind kind() {
        return kind;
    }

    boolean takesValue() {
        return kind == Kind.PORT || kind == Kind.TEXT;
    }

    /** @return the option as typed, for example {@code --admin-port} */
    String flag() {
        return "--" + name;
    }

    /** @return the environment variable, for example {@code REBOUND_ADMIN_PORT}, or {@code null} for none */
    String environmentVariable() {
        return kind == Kind.HELP ? null : ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** @return the default value as text, or {@code null} when there is none */
    String defaultValue() {
        return defaultValue;
    }

    /** @return the value placeholder for the help text, or {@code null} for a flag */
    String placeholder() {
        return placeholder;
    }

    String description() {
        return description;
    }
}
