package io.rebound.runtime;

/** The {@code --help} text, generated from {@link Option} so that it never disagrees with the parser. */
final class Usage {

    private Usage() {
    }

    static String text() {
        StringBuilder b = new StringBuilder();
        b.append("Usage: java -jar rebound.jar [options]\n\n");
        b.append("Rebound is a recovery-oriented HTTP/1.1 server: each component is an OSGi bundle that is\n");
        b.append("microrebooted on failure while the rest keeps serving.\n\n");
        b.append("Options (--opt value or --opt=value; each also from the environment variable shown,\n");
        b.append("the command line wins):\n");
        int flagWidth = 0;
        int variableWidth = 0;
        for (Option option : Option.values()) {
            flagWidth = Math.max(flagWidth, left(option).length());
            variableWidth = Math.max(variableWidth, variable(option).length());
        }
        for (Option option : Option.values()) {
            String shown = option.defaultValue() == null ? ""
                    : " (default " + ("false".equals(option.defaultValue()) ? "off" : option.defaultValue()) + ")";
            b.append(String.format("  %-" + flagWidth + "s  %-" + variableWidth + "s  %s%s%n", left(option),
                    variable(option), option.description(), shown));
        }
        b.append("\nFlags also take --faults=true|false; their variables take true, false, 1 or 0.\n");
        b.append("When ready, one line goes to stdout: rebound ready http://HOST:PORT/ admin http://HOST:ADMINPORT/\n");
        b.append("(admin https://... with --admin-keystore).\n");
        b.append("Secrets belong in the environment, not on the command line (which other users see in ps):\n");
        b.append("REBOUND_ADMIN_KEYSTORE_PASSWORD for the keystore, REBOUND_ADMIN_TOKEN for the admin token\n");
        b.append("(otherwise DATA/admin.token, created with mode 0600).\n");
        b.append("Without --admin-keystore the admin API serves plain HTTP and --admin-bind must be a loopback address.\n");
        b.append("Logs go to stderr and to DATA/logs/rebound.log (rotated at 10 MB, 5 files).\n");
        b.append("SIGTERM or SIGINT stops gracefully.\n");
        b.append("Exit codes: 0 stopped, 1 failed to start, 2 bad option, port or directory,\n");
        b.append("75 recovery gave up on the process (an outer supervisor should restart it).\n");
        return b.toString();
    }

    private static String left(Option option) {
        return option == Option.HELP ? "-h, --help"
                : option.flag() + (option.placeholder() == null ? "" : " " + option.placeholder());
    }

    private static String variable(Option option) {
        return option.environmentVariable() == null ? "" : option.environmentVariable();
    }
}
