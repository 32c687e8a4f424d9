package io.rebound.files.internal;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/** Entity tags (RFC 9110 section 8.8.3): making one for a file and matching it against conditional headers. */
final class EntityTag {

    private EntityTag() {
    }

    /**
     * @return a strong tag for the file's current version. Size and modification time change with every ordinary
     *         edit; the time is taken at full precision so two edits in one second still differ.
     */
    static String of(BasicFileAttributes attributes) {
        long nanos = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        return '"' + Long.toHexString(attributes.size()) + '-' + Long.toHexString(nanos) + '"';
    }

    /**
     * Matches a field value such as {@code *}, {@code "a"} or {@code W/"a", "b"} against {@code tag}.
     *
     * @param fieldValue the field value (repeated fields joined with commas)
     * @param tag a strong tag, quoted
     * @param weak use the weak comparison (validators equal ignoring {@code W/}) instead of the strong one (both
     *        strong and equal)
     * @return whether any member matches; {@code false} for a malformed value, which then protects nothing
     */
    static boolean matches(String fieldValue, String tag, boolean weak) {
        String value = fieldValue.trim();
        if (value.equals("*")) {
            return true; // the resource exists, or no tag would have been made
        }
        int i = 0;
        boolean matched = false;
        while (i < value.length()) {
            i = skipListSeparators(value, i);
            if (i >= value.length()) {
                break;
            }
            boolean isWeak = value.startsWith("W/", i);
            if (isWeak) {
                i += 2;
            }
            if (i >= value.length() || value.charAt(i) != '"') {
                return false;
            }
            int close = value.indexOf('"', i + 1);
            if (close < 0) {
                return false;
            }
            String candidate = value.substring(i, close + 1);
            if (candidate.equals(tag) && (weak || !isWeak)) {
                matched = true;
            }
            i = close + 1;
            int next = skipWhitespace(value, i);
            if (next < value.length() && value.charAt(next) != ',') {
                return false;
            }
            i = next;
        }
        return matched;
    }

    private static int skipListSeparators(String value, int i) {
        while (i < value.length() && (value.charAt(i) == ',' || value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int skipWhitespace(String value, int i) {
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
