package io.rebound.parser.internal;

import static io.rebound.parser.internal.Requests.DEFAULT_PARSER;
import static io.rebound.parser.internal.Requests.head;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.util.stream.Stream;

import io.rebound.http.spi.ParseResult;
import io.rebound.http.spi.RequestHead;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The parser as the connector drives it: with partial input, trailing bytes and buffers of every kind. */
class IncrementalInputTest {

    private static final String HEAD = head("POST /submit?x=1 HTTP/1.1", "Host: example.com", "Content-Length: 11",
            "Connection: keep-alive");
    private static final String BODY = "hello world";

    private static final String GET = head("GET / HTTP/1.1", "Host: a");
    private static final String CHUNKED = head("POST /c HTTP/1.1", "Host: a", "Transfer-Encoding: chunked");

    /** a request with whatever follows its head, the length of its head. */
    static Stream<Arguments> validRequests() {
        return Stream.of(
                Arguments.of(HEAD + BODY, HEAD.length()),
                Arguments.of("\r\n\r\n" + HEAD + BODY, 4 + HEAD.length()),
                Arguments.of(GET, GET.length()),
                Arguments.of(head("GET / HTTP/1.0"), head("GET / HTTP/1.0").length()),
                Arguments.of(CHUNKED + "5\r\nhello\r\n0\r\n\r\n", CHUNKED.length()),
                Arguments.of(GET + GET, GET.length()));
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("validRequests")
    void everyPrefixOfTheHeadIsIncompleteAndEveryLongerOneComplete(String request, int headLength) {
        byte[] bytes = request.getBytes(ISO_8859_1);
        for (int length = 0; length <= bytes.length; length++) {
            ByteBuffer heap = ByteBuffer.wrap(bytes, 0, length).slice();
            ByteBuffer direct = ByteBuffer.allocateDirect(length).put(heap.duplicate()).flip();
            for (ByteBuffer input : new ByteBuffer[] {heap, direct}) {
                ParseResult result = DEFAULT_PARSER.parse(input);
                String where = "prefix of " + length + " bytes, " + (input.isDirect() ? "direct" : "heap");
                if (length < headLength) {
                    assertSame(ParseResult.incomplete(), result, where);
                } else {
                    assertEquals(ParseResult.Kind.COMPLETE, result.kind(), () -> where + ": " + result);
                    assertEquals(headLength, result.head().headLength(), where);
                }
            }
        }
    }

    @Test
    void headLengthEndsWhereTheBodyStarts() {
        ByteBuffer input = Requests.bytes(HEAD + BODY);
        RequestHead head = DEFAULT_PARSER.parse(input).head();
        assertEquals(HEAD.length(), head.headLength());
        input.position(head.headLength());
        assertEquals(BODY, ISO_8859_1.decode(input).toString());
    }

    @Test
    void parsesOnlyTheFirstOfPipelinedRequests() {
        String first = head("GET /first HTTP/1.1", "Host: a");
        String second = head("GET /second HTTP/1.1", "Host: a", "X-Second: yes");
        ByteBuffer input = Requests.bytes(first + second);

        RequestHead head = DEFAULT_PARSER.parse(input).head();
        assertEquals("/first", head.path());
        assertEquals(first.length(), head.headLength());
        assertNull(head.headers().first("X-Second"));
        assertEquals(0, input.position());

        input.position(head.headLength());
        RequestHead next = DEFAULT_PARSER.parse(input).head();
        assertEquals("/second", next.path());
        assertEquals(second.length(), next.headLength());
    }

    @Test
    void pipelinedInvalidRequestDoesNotSpoilTheFirst() {
        String first = head("GET /first HTTP/1.1", "Host: a");
        RequestHead head = Requests.complete(first + "GARBAGE\n\n");
        assertEquals(first.length(), head.headLength());
    }

    @Test
    void leavesPositionAndLimitAlone() {
        for (String raw : new String[] {HEAD + BODY, HEAD.substring(0, 20), "GET / HTTP/9.9\r\n\r\n",
                "GET /\n"}) {
            ByteBuffer input = ByteBuffer.allocate(200);
            input.put("junk".getBytes(ISO_8859_1));
            int position = input.position();
            input.put(raw.getBytes(ISO_8859_1));
            int limit = input.position();
            input.flip().position(position);

            ParseResult result = DEFAULT_PARSER.parse(input);

            assertEquals(position, input.position(), raw);
            assertEquals(limit, input.limit(), raw);
            if (result.kind() == ParseResult.Kind.COMPLETE) {
                assertEquals(HEAD.length(), result.head().headLength());
            }
        }
    }

    @Test
    void parsesFromThePositionOfAHeapBufferWithAnArrayOffset() {
        byte[] backing = ("xxxxxx" + HEAD + BODY).getBytes(ISO_8859_1);
        ByteBuffer slice = ByteBuffer.wrap(backing, 3, backing.length - 3).slice();
        slice.position(3);
        RequestHead head = DEFAULT_PARSER.parse(slice).head();
        assertEquals("/submit", head.path());
        assertEquals(HEAD.length(), head.headLength());
        assertEquals(3, slice.position());
    }

    @Test
    void parsesDirectAndReadOnlyBuffersAlike() {
        ByteBuffer heap = Requests.bytes(HEAD + BODY);
        ByteBuffer direct = ByteBuffer.allocateDirect(300);
        direct.put("junk".getBytes(ISO_8859_1)).put(heap.duplicate()).flip().position(4);
        ByteBuffer readOnly = heap.asReadOnlyBuffer();

        for (ByteBuffer input : new ByteBuffer[] {heap, direct, readOnly}) {
            int position = input.position();
            RequestHead head = DEFAULT_PARSER.parse(input).head();
            assertEquals("POST", head.method());
            assertEquals("x=1", head.query());
            assertEquals("example.com", head.headers().first("Host"));
            assertEquals(11, head.contentLength());
            assertEquals(HEAD.length(), head.headLength());
            assertEquals(position, input.position());
        }
        ByteBuffer directPartial = ByteBuffer.allocateDirect(10).put(HEAD.substring(0, 10).getBytes(ISO_8859_1))
                .flip();
        assertSame(ParseResult.incomplete(), DEFAULT_PARSER.parse(directPartial));
    }

    @Test
    void emptyInputIsIncomplete() {
        assertSame(ParseResult.incomplete(), DEFAULT_PARSER.parse(ByteBuffer.allocate(0)));
        assertSame(ParseResult.incomplete(), Requests.parse("\r"));
        assertSame(ParseResult.incomplete(), Requests.parse("\r\n"));
        assertSame(ParseResult.incomplete(), Requests.parse("G"));
    }
}
