package io.rebound.parser.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

import io.rebound.http.api.HttpHeaders;
import io.rebound.http.spi.ParseResult;
import io.rebound.http.spi.RequestHead;
import io.rebound.http.spi.RequestParser;

/**
 * A strict HTTP/1.1 request-head parser (RFC 9112). Immutable and therefore safe to share between threads; it
 * keeps no state between calls, so the caller simply calls it again with the same bytes plus the new ones.
 *
 * <p>Work happens in two passes. {@link HeadScanner} first finds the end of the head and enforces the size limits
 * and line endings, so an incomplete head costs one cheap scan (plus a check of its request line once that is
 * complete). Only a complete head is then decoded (as ISO-8859-1, byte for byte) and validated field by field.
 */
public final class Http11RequestParser implements RequestParser {

    private static final String HOST = "Host";
    private static final String CONNECTION = "Connection";
    private static final String EXPECT = "Expect";

    private final ParserLimits limits;

    public Http11RequestParser(ParserLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public int maxHeadLength() {
        return limits.maxHeadLength();
    }

    @Override
    public ParseResult parse(ByteBuffer input) {
        try {
            HeadExtent extent = HeadScanner.scan(input, limits);
            if (extent == null) {
                return ParseResult.incomplete();
            }
            if (!extent.complete()) {
                checkRequestLine(input, extent);
                return ParseResult.incomplete();
            }
            return ParseResult.complete(parseHead(input, extent));
        } catch (Rejection rejection) {
            return ParseResult.rejected(rejection.status(), rejection.reason());
        }
    }

    /**
     * Judges the request line of a head still arriving, so that a bad one is refused at once: a client that sent
     * an HTTP/0.9 request or an HTTP/2 preface waits for an answer instead of sending the rest of a head.
     */
    private static void checkRequestLine(ByteBuffer input, HeadExtent extent) {
        HeadBytes head = HeadBytes.of(input, extent.requestLineEnd());
        RequestLine.parse(head.array(), head.base() + extent.requestLineStart(),
                head.base() + extent.requestLineEnd());
    }

    private static RequestHead parseHead(ByteBuffer input, HeadExtent extent) {
        HeadBytes head = HeadBytes.of(input, extent.length());
        byte[] bytes = head.array();
        int base = head.base();

        RequestLine line = RequestLine.parse(bytes, base + extent.requestLineStart(),
                base + extent.requestLineEnd());
        String[] fields = new String[2 * extent.fieldCount()];
        int lineStart = base + extent.requestLineEnd() + 2;
        for (int slot = 0; slot < fields.length; slot += 2) {
            // The scanner guaranteed that each line ends in CRLF and holds no other CR.
            int lineEnd = lineStart;
            while (bytes[lineEnd] != ByteClasses.CR) {
                lineEnd++;
            }
            FieldLine.parse(bytes, lineStart, lineEnd, fields, slot);
            lineStart = lineEnd + 2;
        }
        HttpHeaders headers = HttpHeaders.of(fields);

        boolean http11 = line.version().equals(RequestLine.HTTP_1_1);
        checkHost(headers, http11);
        Framing framing = FramingRules.decide(headers, !http11);
        boolean keepAlive = http11 ? !headers.hasToken(CONNECTION, "close")
                : headers.hasToken(CONNECTION, "keep-alive");
        boolean expectContinue = expectsContinue(headers, http11);
        return new RequestHead(line.method(), line.target(), line.path(), line.query(), line.version(), headers,
                framing.kind(), framing.contentLength(), keepAlive, expectContinue, extent.length());
    }

    /** RFC 9112 section 3.2: exactly one Host in HTTP/1.1, at most one in HTTP/1.0, and well-formed. */
    private static void checkHost(HttpHeaders headers, boolean http11) {
        int count = headers.count(HOST);
        if (count > 1) {
            throw Rejection.badRequest("more than one Host field");
        }
        if (count == 0) {
            if (http11) {
                throw Rejection.badRequest("HTTP/1.1 request without Host");
            }
            return;
        }
        String host = headers.first(HOST);
        // An empty Host is allowed: it is what a client sends when the target has no authority (RFC 9110 7.2).
        if (!host.isEmpty() && !Authority.isValid(host, 0, host.length(), false)) {
            throw Rejection.badRequest("invalid Host " + LogSnippet.quote(host));
        }
    }

    /**
     * 100-continue is the only expectation defined; anything else gets 417 (RFC 9110 section 10.1.1). An HTTP/1.0
     * client cannot understand a 100 response, so its 100-continue is ignored.
     */
    private static boolean expectsContinue(HttpHeaders headers, boolean http11) {
        List<String> expectations = headers.all(EXPECT);
        for (String expectation : expectations) {
            if (!expectation.equalsIgnoreCase("100-continue")) {
                throw new Rejection(417, "unsupported expectation " + LogSnippet.quote(expectation));
            }
        }
        return http11 && !expectations.isEmpty();
    }

    /**
     * The first bytes of the input as an array: the buffer's own array when it has one, otherwise (direct and
     * read-only buffers) a copy of just the bytes needed, made only once they are known to be there.
     */
    private record HeadBytes(byte[] array, int base) {

        static HeadBytes of(ByteBuffer input, int length) {
            if (input.hasArray()) {
                return new HeadBytes(input.array(), input.arrayOffset() + input.position());
            }
            byte[] copy = new byte[length];
            input.get(input.position(), copy);
            return new HeadBytes(copy, 0);
        }
    }
}
