package io.rebound.parser.internal;

import static io.rebound.parser.internal.Requests.complete;
import static io.rebound.parser.internal.Requests.head;
import static io.rebound.parser.internal.Requests.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import io.rebound.http.spi.BodyFraming;
import io.rebound.http.spi.RequestHead;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BodyFramingTest {

    private static RequestHead http11(String... fieldLines) {
        String[] lines = new String[fieldLines.length + 2];
        lines[0] = "POST /p HTTP/1.1";
        lines[1] = "Host: a";
        System.arraycopy(fieldLines, 0, lines, 2, fieldLines.length);
        return complete(head(lines));
    }

    private static void rejectedHttp11(int status, String... fieldLines) {
        String[] lines = new String[fieldLines.length + 2];
        lines[0] = "POST /p HTTP/1.1";
        lines[1] = "Host: a";
        System.arraycopy(fieldLines, 0, lines, 2, fieldLines.length);
        rejected(head(lines), status);
    }

    @Test
    void noBodyWithoutFramingFields() {
        RequestHead head = http11();
        assertEquals(BodyFraming.NONE, head.framing());
        assertEquals(0, head.contentLength());
    }

    /** Content-Length field value, expected length. */
    static Stream<Arguments> validContentLengths() {
        return Stream.of(
                Arguments.of("0", 0L),
                Arguments.of("42", 42L),
                Arguments.of("007", 7L),
                Arguments.of("  13\t", 13L),
                Arguments.of(Long.toString(Long.MAX_VALUE), Long.MAX_VALUE),
                Arguments.of("000000000000000000000000000001", 1L));
    }

    @ParameterizedTest(name = "Content-Length: {0}")
    @MethodSource("validContentLengths")
    void contentLengthFramesTheBody(String value, long length) {
        RequestHead head = http11("Content-Length: " + value);
        assertEquals(BodyFraming.LENGTH, head.framing());
        assertEquals(length, head.contentLength());
    }

    @ParameterizedTest(name = "Content-Length: {0}")
    @ValueSource(strings = {"", "-1", "+1", "1 2", "1\t2", "5, 5", "5,5", "5,", ",5", "0x10", "1e3", "1.0", "abc",
            "9223372036854775808", "99999999999999999999", "18446744073709551616", "\u00B9"})
    void rejectsMalformedContentLength(String value) {
        rejectedHttp11(400, "Content-Length: " + value);
    }

    @Test
    void rejectsRepeatedContentLengthEvenWhenIdentical() {
        rejectedHttp11(400, "Content-Length: 5", "Content-Length: 5");
        rejectedHttp11(400, "Content-Length: 5", "content-length: 6");
    }

    @ParameterizedTest(name = "Transfer-Encoding: {0}")
    @ValueSource(strings = {"chunked", "Chunked", "CHUNKED", " chunked "})
    void chunkedFramesTheBody(String value) {
        RequestHead head = http11("Transfer-Encoding: " + value);
        assertEquals(BodyFraming.CHUNKED, head.framing());
        assertEquals(-1, head.contentLength());
    }

    /** Transfer-Encoding field lines (one or more, separated by "|"), expected status. */
    static Stream<Arguments> unacceptableTransferEncodings() {
        return Stream.of(
                Arguments.of("gzip, chunked", 501),
                Arguments.of("GZIP,chunked", 501),
                Arguments.of("deflate , chunked", 501),
                Arguments.of("gzip, deflate, chunked", 501),
                Arguments.of("x-custom;q=1, chunked", 501),
                Arguments.of("gzip|chunked", 501),
                Arguments.of("identity, chunked", 501),
                Arguments.of("chunked, gzip", 400),
                Arguments.of("chunked|gzip", 400),
                Arguments.of("gzip", 400),
                Arguments.of("identity", 400),
                Arguments.of("chunked, chunked", 400),
                Arguments.of("chunked|chunked", 400),
                Arguments.of("gzip, chunked, chunked", 400),
                Arguments.of("chunked, gzip, chunked", 400),
                Arguments.of("chunked,", 400),
                Arguments.of(", chunked", 400),
                Arguments.of("gzip,, chunked", 400),
                Arguments.of("", 400),
                Arguments.of(" ", 400),
                Arguments.of("chunked|", 400),
                Arguments.of("chunked;x=1", 400),
                Arguments.of("chu nked", 400),
                Arguments.of("g(zip), chunked", 400),
                Arguments.of(";q=1, chunked", 400),
                Arguments.of("chunked\u00E9", 400));
    }

    @ParameterizedTest(name = "Transfer-Encoding: {0} -> {1}")
    @MethodSource("unacceptableTransferEncodings")
    void rejectsTransferEncodingsOtherThanExactlyChunked(String fields, int status) {
        rejectedHttp11(status, Stream.of(fields.split("\\|", -1)).map(v -> "Transfer-Encoding: " + v)
                .toArray(String[]::new));
    }

    @Test
    void rejectsTransferEncodingWithContentLength() {
        rejectedHttp11(400, "Transfer-Encoding: chunked", "Content-Length: 5");
        rejectedHttp11(400, "Content-Length: 0", "Transfer-Encoding: chunked");
    }

    @Test
    void rejectsTransferEncodingInHttp10() {
        rejected(head("POST / HTTP/1.0", "Transfer-Encoding: chunked"), 400);
        assertEquals(BodyFraming.LENGTH, complete(head("POST / HTTP/1.0", "Content-Length: 3")).framing());
    }

    @Test
    void http11KeepsTheConnectionUnlessTold() {
        assertTrue(http11().keepAlive());
        assertTrue(http11("Connection: keep-alive").keepAlive());
        assertTrue(http11("Connection: closed").keepAlive());
        assertTrue(http11("Connection: Upgrade").keepAlive());
        assertFalse(http11("Connection: close").keepAlive());
        assertFalse(http11("Connection: CLOSE").keepAlive());
        assertFalse(http11("Connection: Upgrade, close").keepAlive());
        assertFalse(http11("Connection: Upgrade", "connection: close").keepAlive());
    }

    @Test
    void http10ClosesTheConnectionUnlessTold() {
        assertFalse(complete(head("GET / HTTP/1.0")).keepAlive());
        assertFalse(complete(head("GET / HTTP/1.0", "Connection: close")).keepAlive());
        assertFalse(complete(head("GET / HTTP/1.0", "Connection: keep-alive-ish")).keepAlive());
        assertTrue(complete(head("GET / HTTP/1.0", "Connection: keep-alive")).keepAlive());
        assertTrue(complete(head("GET / HTTP/1.0", "Connection: Keep-Alive")).keepAlive());
        assertTrue(complete(head("GET / HTTP/1.0", "Connection: foo, keep-alive")).keepAlive());
    }

    @Test
    void recognisesExpect100Continue() {
        assertFalse(http11().expectContinue());
        assertTrue(http11("Expect: 100-continue", "Content-Length: 10").expectContinue());
        assertTrue(http11("Expect: 100-Continue").expectContinue());
        assertTrue(http11("Expect:  100-CONTINUE ").expectContinue());
    }

    @Test
    void ignores100ContinueFromHttp10Clients() {
        assertFalse(complete(head("POST / HTTP/1.0", "Expect: 100-continue")).expectContinue());
    }

    @ParameterizedTest(name = "Expect: {0}")
    @ValueSource(strings = {"", "foo", "100-continue, foo", "100-continue;x=1", "200-ok", "100-continued"})
    void rejectsOtherExpectations(String value) {
        rejectedHttp11(417, "Expect: " + value);
    }

    @Test
    void framingErrorsWinOverExpectationFailure() {
        rejectedHttp11(400, "Expect: foo", "Content-Length: x");
    }
}
