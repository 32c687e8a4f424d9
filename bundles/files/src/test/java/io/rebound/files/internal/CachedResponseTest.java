package io.rebound.files.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.rebound.recovery.api.FaultSwitch;

/** A file served from its copy in memory answers exactly as the same file streamed from disk. */
class CachedResponseTest {

    @TempDir
    Path base;

    private Site site;
    private FilesHandler streaming;
    private FilesHandler caching;

    @BeforeEach
    void setUp() throws IOException {
        site = new Site(base);
        DocumentRoot root = new DocumentRoot(site.root);
        assumeTrue(root.reportsChangeTimes(), "this file system reports no change times");
        streaming = new FilesHandler(root, "index.html", 60);
        // An hour ahead: the files the test just wrote count as settled.
        caching = new FilesHandler(root, "index.html", 60,
                new FileContentCache(64 * 1024, 1024 * 1024, () -> System.currentTimeMillis()
                        + TimeUnit.HOURS.toMillis(1)),
                new FaultSwitch("files", false, FilesHandler.FAULT_SLOW_MILLIS));
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("GET", (UnaryOperator<FakeRequest>) r -> r),
                Arguments.of("HEAD", (UnaryOperator<FakeRequest>) r -> r),
                Arguments.of("range", (UnaryOperator<FakeRequest>) r -> r.header("Range", "bytes=2-5")),
                Arguments.of("suffix range", (UnaryOperator<FakeRequest>) r -> r.header("Range", "bytes=-4")),
                Arguments.of("open range", (UnaryOperator<FakeRequest>) r -> r.header("Range", "bytes=250-")),
                Arguments.of("unsatisfiable", (UnaryOperator<FakeRequest>) r -> r.header("Range", "bytes=900-")),
                Arguments.of("if-modified-since",
                        (UnaryOperator<FakeRequest>) r -> r.header("If-Modified-Since", "Sun, 01 Jan 2090 00:00:00 GMT")),
                Arguments.of("if-match other", (UnaryOperator<FakeRequest>) r -> r.header("If-Match", "\"nope\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void answersAsStreamingDoes(String name, UnaryOperator<FakeRequest> shape) throws IOException {
        for (String path : List.of("/data.bin", "/hello.txt", "/empty.txt", "/sub/")) {
            FakeRequest request = "HEAD".equals(name) ? FakeRequest.head(path) : FakeRequest.get(path);
            RecordingResponse streamed = Exchange.run(streaming, shape.apply(request));
            // Twice: the first answer may copy the file, the second is served from the copy.
            Exchange.run(caching, shape.apply("HEAD".equals(name) ? FakeRequest.head(path) : FakeRequest.get(path)));
            RecordingResponse cached = Exchange.run(caching,
                    shape.apply("HEAD".equals(name) ? FakeRequest.head(path) : FakeRequest.get(path)));

            assertEquals(streamed.status(), cached.status(), path);
            for (String header : List.of("ETag", "Last-Modified", "Content-Type", "Content-Range", "Accept-Ranges",
                    "Cache-Control")) {
                assertEquals(streamed.headerValues(header), cached.headerValues(header), path + " " + header);
            }
            assertEquals(streamed.contentLength(), cached.contentLength(), path);
            assertArrayEquals(streamed.bodyBytes(), cached.bodyBytes(), path);
            assertFalse(cached.usedSendFile(), path + " was not served from its copy");
        }
    }

    @Test
    void aCachedFileThatIsDeletedAnswers404() throws IOException {
        assertEquals(200, Exchange.run(caching, FakeRequest.get("/data.bin")).status());
        assertEquals(200, Exchange.run(caching, FakeRequest.get("/data.bin")).status());

        Files.delete(site.root.resolve("data.bin"));

        assertEquals(404, Exchange.run(caching, FakeRequest.get("/data.bin")).status());
    }

    @Test
    void aLinkToACachedFileIsServedUnderItsOwnNameAndAFileTooLargeIsStreamed() throws IOException {
        RecordingResponse link = Exchange.run(caching, FakeRequest.get("/link.txt"));
        assertEquals(Site.HELLO, Exchange.run(caching, FakeRequest.get("/link.txt")).bodyText());
        assertEquals("text/plain; charset=utf-8", link.header("Content-Type"));

        Files.write(site.root.resolve("big.bin"), new byte[64 * 1024 + 1]);
        RecordingResponse big = Exchange.run(caching, FakeRequest.get("/big.bin"));
        assertTrue(big.usedSendFile(), "a file over the limit is streamed");
        assertEquals(64 * 1024 + 1, big.bodyBytes().length);
    }
}
