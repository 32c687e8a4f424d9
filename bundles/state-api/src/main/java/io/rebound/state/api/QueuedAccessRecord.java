package io.rebound.state.api;

import io.rebound.http.spi.AccessRecord;

/**
 * How an {@link AccessRecord} travels through the {@link RecordQueues#ACCESS_LOG} queue: one line of tab-separated
 * fields in the record's component order. Text fields escape {@code \}, tab, CR and LF with a backslash
 * ({@code \\ \t \r \n}) and write {@code null} as {@code \0}, so decoding gives back exactly the record encoded.
 */
public final class QueuedAccessRecord {

    private static final int FIELDS = 10;

    private QueuedAccessRecord() {
    }

    /** @return {@code record} as one line */
    public static String encode(AccessRecord record) {
        StringBuilder out = new StringBuilder(160);
        text(out, record.remoteHost());
        out.append('\t').append(record.epochMillis()).append('\t');
        text(out, record.method());
        out.append('\t');
        text(out, record.target());
        out.append('\t');
        text(out, record.version());
        out.append('\t').append(record.status()).append('\t').append(record.bytes()).append('\t');
        text(out, record.referer());
        out.append('\t');
        text(out, record.userAgent());
        out.append('\t').append(record.durationMicros());
        return out.toString();
    }

    /**
     * @return the record {@code line} encodes
     * @throws IllegalArgumentException when {@code line} is not an encoded record
     */
    public static AccessRecord decode(String line) {
        String[] f = fields(line);
        try {
            return new AccessRecord(text(f[0]), Long.parseLong(f[1]), text(f[2]), text(f[3]), text(f[4]),
                    Integer.parseInt(f[5]), Long.parseLong(f[6]), text(f[7]), text(f[8]), Long.parseLong(f[9]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an encoded access record: " + e.getMessage(), e);
        }
    }

    // By hand rather than String.split: the log writer decodes every record, and this is most of its work.
    private static String[] fields(String line) {
        String[] f = new String[FIELDS];
        int start = 0;
        for (int i = 0; i < FIELDS - 1; i++) {
            int tab = line.indexOf('\t', start);
            if (tab < 0) {
                throw new IllegalArgumentException("an encoded access record has " + FIELDS + " fields, not "
                        + (i + 1));
            }
            f[i] = line.substring(start, tab);
            start = tab + 1;
        }
        if (line.indexOf('\t', start) >= 0) {
            throw new IllegalArgumentException("an encoded access record has " + FIELDS + " fields, not more");
        }
        f[FIELDS - 1] = line.substring(start);
        return f;
    }

    private static void text(StringBuilder out, String value) {
        if (value == null) {
            out.append("\\0");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    private static String text(String field) {
        if (field.equals("\\0")) {
            return null;
        }
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == field.length()) {
                throw new IllegalArgumentException("dangling escape in an encoded access record");
            }
            switch (field.charAt(i)) {
                case '\\' -> out.append('\\');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                default -> throw new IllegalArgumentException("bad escape \\" + field.charAt(i)
                        + " in an encoded access record");
            }
        }
        return out.toString();
    }
}
