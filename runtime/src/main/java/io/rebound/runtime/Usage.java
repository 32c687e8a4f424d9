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
        for (Option option : Option.values()) {
            String left = option == Option.HELP ? "-h, --help"
                    : option.flag() + (option.placeholder() == null ? "" : " " + option.placeholder());
            String variable = option.environmentVariable() == null ? "" : option.environmentVariable();
            String shown = option.defaultValue() == null ? ""
                    : " (default " + ("false".equals(option.defaultValue()) ? "off" : option.defaultValue()) + ")";
            b.append(String.format("  %-18s %-20s %s%s%n", left, variable, option.description(), shown));
        }
        b.append("\nFlags also take --faults=true|false; their variables take true, false, 1 or 0.\n");
        b.append("When ready, one line goes to stdout: rebound ready http://HOST:PORT/ admin http://HOST:ADMINPORT/\n");
        b.append("Logs go to stderr. SIGTERM or SIGINT stops gracefully.\n");
        b.append("Exit codes: 0 stopped, 1 failed to start, 2 bad option, port or directory,\n");
        b.append("75 recovery gave up on the process (an outer supervisor should restart it).\n");
        return b.toString();
    }
}
