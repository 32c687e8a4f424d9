package io.rebound.files.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Range requests through the whole handler against a 256-byte file holding bytes 0..255. */
class RangeResponseTest {

    @TempDir
    Path base;

    private FilesHandler handler;
    private byte[] data;
    private String etag;

    @BeforeEach
    void setUp() throws IOException {
        Site site = new Site(base);
        handler = site.handler();
        data = Files.readAllBytes(site.root.resolve("data.bin"));
        etag = Exchange.run(handler, FakeRequest.get("/data.bin")).header("ETag");
    }

    private RecordingResponse get(String range) throws IOException {
        return Exchange.run(handler, FakeRequest.get("/data.bin").header("Range", range));
    }

    @ParameterizedTest(name = "{0} -> {1}-{2}")
    @CsvSource({
        "bytes=0-0, 0, 0",
        "bytes=0-9, 0, 9",
        "bytes=10-19, 10, 19",
        "bytes=250-, 250, 255",
        "bytes=250-1000, 250, 255",
        "bytes=255-255, 255, 255",
        "bytes=-6, 250, 255",
        "bytes=-1000, 0, 255",
        "BYTES=1-2, 1, 2",
        "bytes=0-99999999999999999999999, 0, 255",
    })
    void singleRangeIs206(String range, long first, long last) throws IOException {
        RecordingResponse response = get(range);

        assertEquals(206, response.status(), response.toString());
        assertEquals("bytes " + first + '-' + last + "/256", response.header("Content-Range"));
        assertEquals(last - first + 1, response.contentLength());
        assertEquals(first, response.sentPosition());
        assertArrayEquals(Arrays.copyOfRange(data, (int) first, (int) last + 1), response.bodyBytes());
        assertEquals("application/octet-stream", response.header("Content-Type"));
        assertEquals(etag, response.header("ETag"));
        assertTrue(response.sentChannelClosed());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "bytes=256-", "bytes=256-300", "bytes=-0", "bytes=99999999999999999999-" })
    void unsatisfiableRangeIs416(String range) throws IOException {
        RecordingResponse response = get(range);

        assertEquals(416, response.status(), response.toString());
        assertEquals("bytes */256", response.header("Content-Range"));
        assertEquals("416 Range Not Satisfiable\n", response.bodyText());
    }

    @Test
    void anyRangeOfAnEmptyFileIs416() throws IOException {
        RecordingResponse response = Exchange.run(handler,
                FakeRequest.get("/empty.txt").header("Range", "bytes=-5"));

        assertEquals(416, response.status());
        assertEquals("bytes */0", response.header("Content-Range"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bytes=0-1,5-6", "bytes=0-1, 3-", "bytes=5-1", "bytes=a-b", "bytes=1", "bytes=-", "bytes=--1",
        "bytes= 1 - 2", "items=0-1", "bytes", "0-1", "bytes=+1-2", "bytes=0x1-2",
    })
    void severalOrMalformedRangesAreIgnored(String range) throws IOException {
        RecordingResponse response = get(range);

        assertEquals(200, response.status(), response.toString());
        assertNull(response.header("Content-Range"));
        assertArrayEquals(data, response.bodyBytes());
    }

    @Test
    void repeatedRangeFieldsAreIgnored() throws IOException {
        RecordingResponse response = Exchange.run(handler,
                FakeRequest.get("/data.bin").header("Range", "bytes=0-1").header("Range", "bytes=2-3"));

        assertEquals(200, response.status());
    }

    @Test
    void ifRangeWithTheCurrentEtagKeepsTheRange() throws IOException {
        RecordingResponse response = Exchange.run(handler,
                FakeRequest.get("/data.bin").header("Range", "bytes=0-1").header("If-Range", etag));

        assertEquals(206, response.status());
    }

    @Test
    void ifRangeWithAnotherOrWeakEtagSendsAll() throws IOException {
        for (String ifRange : new String[] { "\"100-1\"", "W/" + etag }) {
            RecordingResponse response = Exchange.run(handler,
                    FakeRequest.get("/data.bin").header("Range", "bytes=0-1").header("If-Range", ifRange));

            assertEquals(200, response.status(), ifRange);
            assertArrayEquals(data, response.bodyBytes());
        }
    }

    @Test
    void ifRangeDateMustEqualLastModified() throws IOException {
        FakeRequest exact = FakeRequest.get("/hello.txt").header("Range", "bytes=0-4")
                .header("If-Range", Site.HELLO_LAST_MODIFIED);
        FakeRequest later = FakeRequest.get("/hello.txt").header("Range", "bytes=0-4")
                .header("If-Range", "Wed, 03 Jan 2024 00:00:00 GMT");

        assertEquals("Hello", Exchange.run(handler, exact).bodyText());
        assertEquals(Site.HELLO, Exchange.run(handler, later).bodyText());
    }

    @Test
    void notModifiedWinsOverRange() throws IOException {
        RecordingResponse response = Exchange.run(handler,
                FakeRequest.get("/data.bin").header("Range", "bytes=0-1").header("If-None-Match", etag));

        assertEquals(304, response.status());
    }
}
