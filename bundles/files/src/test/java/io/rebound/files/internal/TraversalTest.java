package io.rebound.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile paths: each must get its expected status and never a byte of the secrets placed just outside the root
 * ({@code base/x}, {@code base/secret.txt}, {@code base/wwwx/y.txt}).
 */
class TraversalTest {

    @TempDir
    Path base;

    private FilesHandler handler;

    @BeforeEach
    void setUp() throws IOException {
        handler = new Site(base).handler();
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        // dot segments, however encoded: refused, never resolved
        "/../x                   | 403",
        "/..                     | 403",
        "/.                      | 403",
        "/./x                    | 403",
        "/a/..                   | 403",
        "/sub/../../x            | 403",
        "//..//x                 | 403",
        "///../x                 | 403",
        "/%2e%2e/x               | 403",
        "/%2E%2e%2fx             | 403",
        "/%2e%2e                 | 403",
        "/..%2fx                 | 403",
        "/.%2e/x                 | 403",
        "/.%2E                   | 403",
        "/%2f..%2fx              | 403",
        "/sub%2f..%2f..%2fx      | 403",
        // decoded exactly once: a double-encoded dot is a literal name that does not exist
        "/%252e%252e/x           | 404",
        "/%252e%252e%252fx       | 404",
        "/%25%32%65%25%32%65/x   | 404",
        // backslashes, raw or encoded
        "/..\\x                  | 400",
        "/%5c..%5cx              | 400",
        "/%2e%2e%5cx             | 400",
        "/sub\\..\\..\\x         | 400",
        // control characters
        "/a/%00                  | 400",
        "/hello.txt%00.html      | 400",
        "/%0a                    | 400",
        "/%0d%0aSet-Cookie:%20a  | 400",
        "/%7f                    | 400",
        "/%c2%85                 | 400",
        // malformed escapes
        "/%                      | 400",
        "/%4                     | 400",
        "/%zz                    | 400",
        "/%u002e%u002e/x         | 400",
        "/x%                     | 400",
        // invalid UTF-8: overlong dots and slashes, surrogates, truncated sequences
        "/%c0%ae%c0%ae/x         | 400",
        "/%e0%80%ae              | 400",
        "/%c0%af..               | 400",
        "/..%c0%afx              | 400",
        "/%f0%80%80%ae           | 400",
        "/%ed%a0%80              | 400",
        "/%c3                    | 400",
        "/%ff                    | 400",
        // names that merely look odd
        "/..;/x                  | 404",
        "/...                    | 404",
        "/x                      | 404",
        "/secret.txt             | 404",
        "/%20../x                | 404",
        // symbolic links leading out of the root
        "/out.txt                | 404",
        "/abs.txt                | 404",
        "/outdir                 | 404",
        "/outdir/                | 404",
        "/outdir/x               | 404",
        "/outdir/secret.txt      | 404",
        "/outdir/wwwx/y.txt      | 404",
        "/sibling/y.txt          | 404",
        "/sub/../out.txt         | 403",
        // not a path at all
        "x                       | 400",
        "'*'                     | 400",
    })
    void hostilePathIsRefusedWithoutLeaking(String path, int status) throws IOException {
        RecordingResponse response = Exchange.run(handler, FakeRequest.get(path));

        assertEquals(status, response.status(), response.toString());
        String body = new String(response.bodyBytes(), StandardCharsets.ISO_8859_1);
        assertFalse(body.contains(Site.SECRET), "leaked a secret for " + path);
        assertFalse(response.usedSendFile(), "opened a file for " + path);
        String location = response.header("Location");
        assertEquals(null, location, "redirected " + path);
    }
}
