package io.rebound.recovery.internal;

import java.lang.System.Logger.Level;

/**
 * One audit line per admin request: who (source address), what (method and target), and the outcome (status).
 * Logged under its own logger name, {@value #LOGGER}, so operators can route audit lines apart. The
 * {@code Authorization} header, and so the token, is never part of it.
 */
final class AdminAudit {

    static final String LOGGER = "io.rebound.recovery.audit";

    private static final System.Logger LOG = System.getLogger(LOGGER);

    private AdminAudit() {
    }

    /**
     * @param action {@code METHOD /path?query}, or {@code -} when the request could not be read
     * @param detail a few words on the outcome, or {@code null}
     */
    static void log(String source, boolean tls, String action, int status, String detail) {
        LOG.log(status < 400 ? Level.INFO : Level.WARNING, line(source, tls, action, status, detail));
    }

    /** An action at the Gogo console (which has no address: whoever holds the console is the operator). */
    static void console(String action, boolean succeeded, String detail) {
        LOG.log(succeeded ? Level.INFO : Level.WARNING, "admin audit source=console action=\"" + printable(action)
                + "\" result=" + (succeeded ? "ok" : "failed") + (detail == null ? "" : " (" + printable(detail) + ")"));
    }

    static String line(String source, boolean tls, String action, int status, String detail) {
        return "admin audit source=" + source + (tls ? " tls" : "") + " action=\"" + printable(action)
                + "\" result=" + status + (detail == null ? "" : " (" + printable(detail) + ")");
    }

    // The target comes from the client: keep it on one line and free of quotes that would confuse a log parser.
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length() && i < 512; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f || c == '"' ? '?' : c);
        }
        return out.toString();
    }
}
