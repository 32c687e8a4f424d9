package io.rebound.files.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.rebound.http.api.HttpStatus;

/**
 * A request path decoded exactly once and proven free of anything that could climb out of the document root.
 *
 * <p>Nothing is normalised: a {@code .} or {@code ..} segment is refused rather than resolved, because a path that
 * needs resolving is either a client bug or an attack, and refusing is the only answer that cannot be wrong. The
 * check runs on the decoded text, so no encoding ({@code %2e}, {@code %2f}, overlong UTF-8) can smuggle a dot
 * segment past it; decoding happens once, so a double-encoded {@code %252e} stays the literal name {@code %2e}.
 */
final class DocumentPath {

    private final List<String> segments;
    private final boolean trailingSlash;

    private DocumentPath(List<String> segments, boolean trailingSlash) {
        this.segments = List.copyOf(segments);
        this.trailingSlash = trailingSlash;
    }

    /**
     * @param rawPath the path as sent, still percent-encoded, starting with {@code /}; empty for the bare mount
     *        point of a handler mounted below {@code /} (it names the root without a trailing slash)
     * @throws RequestRejection 400 for a malformed escape, invalid UTF-8, a control character or a backslash; 403
     *         for a {@code .} or {@code ..} segment
     */
    static DocumentPath parse(String rawPath) throws RequestRejection {
        if (rawPath == null || !rawPath.isEmpty() && !rawPath.startsWith("/")) {
            throw new RequestRejection(HttpStatus.BAD_REQUEST, "path does not start with /");
        }
        // Without an escape there is nothing to decode: plain ASCII is its own UTF-8 (the common case, kept cheap).
        String decoded = rawPath.indexOf('%') < 0 ? requireAscii(rawPath) : decodeUtf8(percentDecode(rawPath));
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (Character.isISOControl(c)) {
                throw new RequestRejection(HttpStatus.BAD_REQUEST, "path holds a control character");
            }
            if (c == '\\') {
                // Never a separator on this platform, but one on others and in many a client's idea of a path.
                throw new RequestRejection(HttpStatus.BAD_REQUEST, "path holds a backslash");
            }
        }
        List<String> segments = new ArrayList<>();
        for (String segment : decoded.split("/")) {
            if (segment.isEmpty()) {
                continue; // "//" is harmless: an empty segment names nothing.
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new RequestRejection(HttpStatus.FORBIDDEN, "path holds a dot segment");
            }
            segments.add(segment);
        }
        return new DocumentPath(segments, decoded.endsWith("/"));
    }

    /** @return the decoded segments, none empty, none {@code .} or {@code ..}, none holding {@code /} */
    List<String> segments() {
        return segments;
    }

    /** @return whether the path ended with {@code /} (it names a directory) */
    boolean trailingSlash() {
        return trailingSlash;
    }

    /**
     * @return the canonical encoded form with a trailing slash, for redirecting to a directory. Built from the
     *         decoded segments, never from the raw input, so the result cannot start with {@code //} (which a browser
     *         would read as another host).
     */
    String encodedDirectory() {
        StringBuilder sb = new StringBuilder("/");
        for (String segment : segments) {
            PathSegmentEncoder.append(sb, segment);
            sb.append('/');
        }
        return sb.toString();
    }

    private static String requireAscii(String raw) throws RequestRejection {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) >= 0x80) {
                throw nonAscii();
            }
        }
        return raw;
    }

    // A request-target is ASCII (RFC 3986); raw non-ASCII means a broken client or a parser bypass.
    private static RequestRejection nonAscii() {
        return new RequestRejection(HttpStatus.BAD_REQUEST, "path holds a non-ASCII character");
    }

    private static byte[] percentDecode(String raw) throws RequestRejection {
        ByteBuffer out = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new RequestRejection(HttpStatus.BAD_REQUEST, "malformed percent-escape in path");
                }
                out.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c < 0x80) {
                out.put((byte) c);
            } else {
                throw nonAscii();
            }
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    private static String decodeUtf8(byte[] bytes) throws RequestRejection {
        // The JDK's UTF-8 decoder refuses overlong forms (%c0%ae) and encoded surrogates, which REPORT turns into
        // an exception instead of a silent U+FFFD.
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new RequestRejection(HttpStatus.BAD_REQUEST, "path is not valid UTF-8");
        }
    }
}
