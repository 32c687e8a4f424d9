package io.rebound.parser.internal;

/**
 * Quotes a piece of client input for a rejection reason. Reasons go to logs, so the quote is short and holds no
 * control bytes: a client must not be able to forge log lines or flood them.
 */
final class LogSnippet {

    /** The most characters a quote holds between its quotation marks. */
    static final int MAX_CHARS = 40;

    private LogSnippet() {
    }

    /** @return {@code bytes[from, to)} decoded as ISO-8859-1, sanitized and quoted */
    static String quote(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder(MAX_CHARS + 5).append('"');
        for (int i = from; i < to; i++) {
            if (!append(out, (char) (bytes[i] & 0xFF))) {
                return out.append("...\"").toString();
            }
        }
        return out.append('"').toString();
    }

    /** @return {@code text} sanitized and quoted */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(MAX_CHARS + 5).append('"');
        for (int i = 0; i < text.length(); i++) {
            if (!append(out, text.charAt(i))) {
                return out.append("...\"").toString();
            }
        }
        return out.append('"').toString();
    }

    /** Appends {@code c}, escaped when not printable ASCII; false when the quote has no room left for it. */
    private static boolean append(StringBuilder out, char c) {
        String escaped = null;
        if (c == '"' || c == '\\') {
            escaped = "\\" + c;
        } else if (c < 0x20 || c > 0x7E) {
            escaped = c > 0xFF ? String.format("\\u%04X", (int) c) : String.format("\\x%02X", (int) c);
        }
        int width = escaped == null ? 1 : escaped.length();
        if (out.length() - 1 + width > MAX_CHARS) {
            return false;
        }
        if (escaped == null) {
            out.append(c);
        } else {
            out.append(escaped);
        }
        return true;
    }
}
