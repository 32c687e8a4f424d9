package io.rebound.accesslog.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.rebound.http.spi.AccessRecord;

/**
 * Formats a record as one line of the NCSA Combined Log Format:
 * {@code %h - - [%t] "%r" %>s %b "%{Referer}i" "%{User-Agent}i"}.
 *
 * <p>Every client-supplied field is escaped so the line stays one line of printable ASCII: {@code "} and
 * {@code \} get a backslash, every control or non-ASCII byte becomes {@code \xhh}. A client therefore cannot end
 * a line early, forge a second one, or smuggle terminal escape sequences to whoever reads the log.
 */
final class CombinedLogFormat {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final DateTimeFormatter time;
    // The timestamp has whole seconds, and a busy log writes many lines a second: format each second once.
    private long stampSecond = Long.MIN_VALUE;
    private String stamp = "";

    /** @param zone the zone timestamps are written in (the server's local time, as log readers expect) */
    CombinedLogFormat(ZoneId zone) {
        // English month names whatever the default locale: log analysers parse "Jan".."Dec" only.
        this.time = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(zone);
    }

    /** @return the line for {@code r}, without a line terminator */
    String format(AccessRecord r) {
        StringBuilder line = new StringBuilder(160);
        appendOrDash(line, r.remoteHost());
        line.append(" - - [");
        line.append(timestamp(Math.floorDiv(r.epochMillis(), 1000)));
        line.append("] \"");
        appendRequestLine(line, r);
        line.append("\" ").append(r.status()).append(' ');
        if (r.bytes() > 0) {
            line.append(r.bytes());
        } else {
            line.append('-');
        }
        line.append(" \"");
        appendOrDash(line, r.referer());
        line.append("\" \"");
        appendOrDash(line, r.userAgent());
        line.append('"');
        return line.toString();
    }

    // Called by the one writer thread only (a formatter belongs to its writer), so the cache needs no lock.
    private String timestamp(long epochSecond) {
        if (epochSecond != stampSecond) {
            stamp = time.format(Instant.ofEpochSecond(epochSecond));
            stampSecond = epochSecond;
        }
        return stamp;
    }

    private static void appendRequestLine(StringBuilder line, AccessRecord r) {
        if (r.method() == null) {
            // The request line could not be parsed: there is nothing trustworthy to show.
            line.append('-');
            return;
        }
        appendEscaped(line, r.method());
        if (r.target() != null) {
            line.append(' ');
            appendEscaped(line, r.target());
        }
        if (r.version() != null) {
            line.append(' ');
            appendEscaped(line, r.version());
        }
    }

    private static void appendOrDash(StringBuilder line, String value) {
        if (value == null || value.isEmpty()) {
            line.append('-');
        } else {
            appendEscaped(line, value);
        }
    }

    /**
     * Appends {@code value} escaped. Header text reaches us as one char per received byte (ISO-8859-1), so a char up
     * to 0xff is escaped as that byte; a char beyond it can only come from decoded text and is escaped as the bytes
     * of its UTF-8 encoding.
     */
    static void appendEscaped(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else if (c <= 0xff) {
                appendHexByte(out, c);
            } else {
                int codePoint = value.codePointAt(i);
                i += Character.charCount(codePoint) - 1;
                for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                    appendHexByte(out, b & 0xff);
                }
            }
        }
    }

    private static void appendHexByte(StringBuilder out, int b) {
        out.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xf]);
    }
}
