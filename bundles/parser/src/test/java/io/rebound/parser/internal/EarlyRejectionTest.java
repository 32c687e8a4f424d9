package io.rebound.parser.internal;

import static io.rebound.parser.internal.Requests.incomplete;
import static io.rebound.parser.internal.Requests.rejected;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request line is judged as soon as it is complete, before the rest of the head: a client that sent an HTTP/0.9
 * request or an HTTP/2 preface waits for an answer instead of sending more, and would otherwise only get one when
 * the header timeout runs out.
 */
class EarlyRejectionTest {

    private static final Http11RequestParser PARSER = Requests.DEFAULT_PARSER;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "GET /                 | 400",
        "GET / HTTP/2.0        | 505",
        "PRI * HTTP/2.0        | 505",
        "GET / http/1.1        | 400",
        "GET  / HTTP/1.1       | 400",
        "GET * HTTP/1.1        | 400",
        "CONNECT / HTTP/1.1    | 400",
        "GET ftp://x/ HTTP/1.1 | 400",
        "GET http://u@h/ HTTP/1.1 | 400",
    })
    void badRequestLineIsRefusedBeforeTheHeadIsComplete(String requestLine, int status) {
        rejected(requestLine + "\r\n", status);
        rejected(requestLine + "\r\nHost: a\r\n", status);
    }

    @Test
    void controlByteInTheTargetIsRefusedBeforeTheHeadIsComplete() {
        rejected("GET /a\u0000b HTTP/1.1\r\n", 400);
        rejected("GET /a\u007fb HTTP/1.1\r\nHost: a\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: a\r\n", "\r\nOPTIONS * HTTP/1.0\r\n",
        "CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r", "GET http://h/p?q HTTP/1.1\r\nX: 1" })
    void goodRequestLineWaitsForTheRestOfTheHead(String raw) {
        incomplete(PARSER, raw);
    }

    @Test
    void requestLineWithoutItsLineFeedIsNotJudgedYet() {
        // The CR may be followed by anything; only the complete line can be judged.
        incomplete(PARSER, "GET /\r");
        incomplete(PARSER, "GET /");
    }

    @Test
    void headFieldsAreStillOnlyJudgedOnceTheHeadIsComplete() {
        // An obs-fold is only an error once the head is complete: a field line alone is not judged early.
        incomplete(PARSER, "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n");
        assertTrue(Requests.parse("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n").reason().contains("obs-fold"));
    }
}
