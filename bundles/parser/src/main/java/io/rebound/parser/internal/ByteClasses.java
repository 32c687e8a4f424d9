package io.rebound.parser.internal;

/** The byte classes of the HTTP grammar (RFC 9110 section 5.6, RFC 9112 section 3) that the parser tests. */
final class ByteClasses {

    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    // A lookup table: method and field-name scanning test every byte, and a branchy range test costs more there.
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private ByteClasses() {
    }

    /** @return whether {@code b} may appear in a token (method, field name, transfer coding) */
    static boolean isTchar(byte b) {
        return TCHAR[b & 0xFF];
    }

    static boolean isTchar(char c) {
        return c < 256 && TCHAR[c];
    }

    /** @return whether {@code b} is visible US-ASCII (VCHAR), the only bytes a request-target may hold */
    static boolean isVisibleAscii(byte b) {
        return b >= 0x21 && b <= 0x7E;
    }

    /** @return whether {@code b} may appear in a field value: HTAB, SP, VCHAR or obs-text */
    static boolean isFieldValueByte(byte b) {
        int c = b & 0xFF;
        return c >= 0x20 ? c != 0x7F : c == HTAB;
    }

    /** @return whether {@code b} is optional whitespace (SP or HTAB) */
    static boolean isWhitespace(byte b) {
        return b == SP || b == HTAB;
    }
}
