package io.rebound.kv.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.rebound.http.api.HttpStatus;

/**
 * Percent-decoding of a path segment or query value (exactly once: {@code %2541} is the key {@code %41}) into UTF-8
 * text, and the encoding that makes a key safe on one line of a listing and usable back in a URL.
 */
final class PercentCoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentCoding() {
    }

    /**
     * @param plusIsSpace whether {@code +} means a space (form-encoded query values), or is itself (paths)
     * @return the decoded bytes
     * @throws KeyRejection 400 for a broken escape
     */
    static byte[] decode(String encoded, boolean plusIsSpace) throws KeyRejection {
        byte[] out = new byte[encoded.length()];
        int n = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new KeyRejection(HttpStatus.BAD_REQUEST, "truncated percent escape");
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new KeyRejection(HttpStatus.BAD_REQUEST, "bad percent escape");
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c > 0x7f) {
                // The parser only lets ASCII through; anything else here is not from a request line.
                throw new KeyRejection(HttpStatus.BAD_REQUEST, "non-ASCII character in an encoded key");
            } else {
                out[n++] = (byte) (plusIsSpace && c == '+' ? ' ' : c);
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** @return {@code bytes} as UTF-8 text; throws 400 for malformed UTF-8 */
    static String utf8(byte[] bytes) throws KeyRejection {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new KeyRejection(HttpStatus.BAD_REQUEST, "key is not valid UTF-8");
        }
    }

    /** @return {@code key} with every byte but unreserved characters and {@code /} percent-encoded */
    static String encode(String key) {
        StringBuilder out = new StringBuilder(key.length() + 8);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
