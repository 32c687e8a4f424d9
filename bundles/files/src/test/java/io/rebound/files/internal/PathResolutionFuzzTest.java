package io.rebound.files.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz tests of path resolution (see docs/fuzzing.md), against a real document root with secrets just outside it
 * and symbolic links leading out ({@link Site}). Whatever the path: no exception other than a refusal, no
 * resolution outside the root, and not one byte of a secret in any answer.
 *
 * <p>In a plain test run each method replays its seed corpus ({@code PathResolutionFuzzTestInputs/<method>/} under
 * the test resources), which also holds every input a fuzzing run found; with {@code JAZZER_FUZZ=1} it fuzzes.
 */
class PathResolutionFuzzTest {

    private static final Set<Integer> PATH_REFUSALS = Set.of(400, 403);
    private static final Set<Integer> LOOKUP_REFUSALS = Set.of(400, 403, 404);
    private static final Set<Integer> GET_STATUSES = Set.of(200, 301, 400, 403, 404);
    private static final Set<Integer> CONDITIONAL_STATUSES = Set.of(200, 206, 301, 304, 404, 412, 416);

    // The handler logs each refusal; millions of lines would only slow a fuzzing run down. Held, because
    // java.util.logging keeps loggers weakly and would forget the level.
    private static final Logger FILES_LOG = Logger.getLogger("io.rebound.files");

    // Made once for all inputs: a fuzzing run calls the test millions of times.
    private static Path base;
    private static Level logLevel;
    private static Site site;
    private static DocumentRoot root;
    private static FilesHandler handler;

    @BeforeAll
    static void createSite() throws IOException {
        logLevel = FILES_LOG.getLevel();
        FILES_LOG.setLevel(Level.WARNING);
        base = Files.createTempDirectory("rebound-files-fuzz");
        site = new Site(base);
        root = new DocumentRoot(site.root);
        handler = site.handler();
    }

    @AfterAll
    static void deleteSite() throws IOException {
        FILES_LOG.setLevel(logLevel);
        // Deepest first; walk does not follow links, so this deletes the links, never what they point to.
        try (Stream<Path> paths = Files.walk(base)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The request path as the handler gets it (one char per byte), resolved step by step. */
    @FuzzTest(maxDuration = "5m")
    // libFuzzer dictionary syntax: printable ASCII, with \xNN escapes for everything else.
    @DictionaryEntries({ "/", "..", ".", "%2e", "%2E", "%2f", "%2F", "%5c", "\\x5C", "%00", "%c0%ae", "%c0%af",
            "%e0%80%ae", "%25", "%252e", "out.txt", "outdir", "outdir/", "sibling", "abs.txt", "link.txt",
            "hello.txt", "loop", "sub/", "nested", "secret.txt", "wwwx", "//", "\\x00", "\\xC0\\xAE" })
    void resolvesInsideTheRootOrRefuses(byte[] input) throws IOException {
        String rawPath = new String(input, ISO_8859_1);
        DocumentPath path;
        try {
            path = DocumentPath.parse(rawPath);
        } catch (RequestRejection e) {
            assertTrue(PATH_REFUSALS.contains(e.status()), () -> e.status() + " for " + rawPath);
            assertNotNull(e.getMessage());
            return;
        }
        checkSegments(rawPath, path);

        LocatedFile file;
        try {
            file = root.locate(path.segments());
        } catch (RequestRejection e) {
            assertTrue(LOOKUP_REFUSALS.contains(e.status()), () -> e.status() + " for " + rawPath);
            return;
        }
        checkInside(rawPath, file);
        if (file.isDirectory()) {
            try {
                checkInside(rawPath, root.locateIn(file, "index.html"));
            } catch (RequestRejection e) {
                assertEquals(404, e.status(), () -> "index of " + rawPath);
            }
        }
    }

    /** The same paths through the whole handler: only the statuses a GET can get, never a byte of a secret. */
    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({ "/", "..", "%2e", "%2f", "%5c", "%00", "%c0%ae", "%25", "out.txt", "outdir", "sibling",
            "abs.txt", "link.txt", "hello.txt", "sub", "loop", "secret.txt" })
    void handlerNeverServesFromOutsideTheRoot(byte[] input) throws IOException {
        String rawPath = new String(input, ISO_8859_1);
        RecordingResponse response = Exchange.run(handler, FakeRequest.get(rawPath));

        assertTrue(GET_STATUSES.contains(response.status()), () -> response.status() + " for " + rawPath);
        String body = new String(response.bodyBytes(), ISO_8859_1);
        assertFalse(body.contains(Site.SECRET), () -> "leaked a secret for " + rawPath);
        String location = response.header("Location");
        if (location != null) {
            assertEquals(301, response.status());
            // A redirect stays on this server, in this root, and cannot split the response.
            assertTrue(location.startsWith("/") && !location.startsWith("//"), () -> "Location " + location);
            assertTrue(location.chars().allMatch(c -> c > 0x20 && c < 0x7F), () -> "Location " + location);
        }
    }

    /**
     * Conditional and range fields with arbitrary values, on real files: answered with one of the statuses those
     * fields can lead to, never an exception (which would fail the files component and get it rebooted), and a
     * partial answer never reaches beyond its file.
     */
    @FuzzTest(maxDuration = "5m")
    void conditionalAndRangeFieldsNeverBreakTheHandler(FuzzedDataProvider data) throws IOException {
        String method = data.consumeBoolean() ? "GET" : "HEAD";
        String path = data.pickValue(new String[] { "/hello.txt", "/data.bin", "/empty.txt", "/", "/sub/",
            "/link.txt", "/out.txt" });
        FakeRequest request = FakeRequest.method(method, path);
        StringBuilder described = new StringBuilder(method).append(' ').append(path);
        int fields = data.consumeInt(0, 4);
        for (int i = 0; i < fields; i++) {
            String name = data.pickValue(new String[] { "Range", "If-Range", "If-None-Match", "If-Match",
                "If-Modified-Since", "If-Unmodified-Since" });
            String value = data.consumeString(40);
            request.header(name, value);
            described.append(", ").append(name).append(": ").append(value);
        }
        RecordingResponse response = Exchange.run(handler, request);

        int status = response.status();
        assertTrue(CONDITIONAL_STATUSES.contains(status), () -> status + " for " + described);
        assertFalse(new String(response.bodyBytes(), ISO_8859_1).contains(Site.SECRET), "leaked a secret");
        if (status == 206) {
            long length = response.contentLength();
            assertTrue(length > 0 && length <= 256, () -> "206 of " + length + " bytes for " + described);
            assertNotNull(response.header("Content-Range"), "206 without Content-Range");
        }
    }

    private static void checkSegments(String rawPath, DocumentPath path) throws IOException {
        List<String> segments = path.segments();
        for (String segment : segments) {
            assertFalse(segment.isEmpty() || segment.equals(".") || segment.equals(".."),
                    () -> "segment '" + segment + "' from " + rawPath);
            assertTrue(segment.indexOf('/') < 0 && segment.indexOf('\\') < 0, () -> segment + " from " + rawPath);
            assertTrue(segment.chars().noneMatch(Character::isISOControl), () -> "control char from " + rawPath);
        }
        // Decoding happens once: the canonical form of the decoded path decodes back to the same segments.
        String canonical = path.encodedDirectory();
        assertTrue(canonical.startsWith("/") && !canonical.startsWith("//"), canonical);
        try {
            assertEquals(segments, DocumentPath.parse(canonical).segments(), () -> "re-encoded " + rawPath);
        } catch (RequestRejection e) {
            throw new AssertionError("the canonical form " + canonical + " of " + rawPath + " is refused: " + e);
        }
    }

    private static void checkInside(String rawPath, LocatedFile file) throws IOException {
        Path real = file.realPath();
        assertTrue(real.startsWith(root.realPath()), () -> rawPath + " resolved to " + real);
        if (Files.isRegularFile(real)) {
            assertFalse(Files.readString(real, ISO_8859_1).contains(Site.SECRET), () -> rawPath + " reads a secret");
        }
    }
}
