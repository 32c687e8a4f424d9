package io.rebound.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conditional GET and HEAD through the whole handler (RFC 9110 section 13). */
class ConditionalRequestTest {

    @TempDir
    Path base;

    private FilesHandler handler;
    private String etag;

    @BeforeEach
    void setUp() throws IOException {
        handler = new Site(base).handler(60);
        etag = Exchange.run(handler, FakeRequest.get("/hello.txt")).header("ETag");
    }

    private RecordingResponse get(String name, String value) throws IOException {
        return Exchange.run(handler, FakeRequest.get("/hello.txt").header(name, value));
    }

    private static void assertNotModified(RecordingResponse response) {
        assertEquals(304, response.status(), response.toString());
        assertEquals(0, response.bodyBytes().length);
        assertFalse(response.usedSendFile(), "a 304 opens no file");
        assertEquals(Site.HELLO_LAST_MODIFIED, response.header("Last-Modified"));
        assertEquals("max-age=60", response.header("Cache-Control"));
    }

    private static void assertFull(RecordingResponse response) {
        assertEquals(200, response.status(), response.toString());
        assertEquals(Site.HELLO, response.bodyText());
    }

    @Test
    void matchingEtagIs304WithValidators() throws IOException {
        RecordingResponse response = get("If-None-Match", etag);

        assertNotModified(response);
        assertEquals(etag, response.header("ETag"));
    }

    @Test
    void ifNoneMatchComparesWeakly() throws IOException {
        assertNotModified(get("If-None-Match", "W/" + etag));
    }

    @Test
    void ifNoneMatchFindsTheTagInAList() throws IOException {
        assertNotModified(get("If-None-Match", "\"other\", W/\"x\" ,  " + etag));
    }

    @Test
    void ifNoneMatchStarIs304() throws IOException {
        assertNotModified(get("If-None-Match", "*"));
    }

    @Test
    void ifNoneMatchAcrossRepeatedFields() throws IOException {
        RecordingResponse response = Exchange.run(handler, FakeRequest.get("/hello.txt")
                .header("If-None-Match", "\"a\"").header("If-None-Match", etag));

        assertNotModified(response);
    }

    @Test
    void otherEtagIs200() throws IOException {
        assertFull(get("If-None-Match", "\"d-1\""));
    }

    @Test
    void malformedIfNoneMatchIs200() throws IOException {
        assertFull(get("If-None-Match", etag.substring(1)));
    }

    @Test
    void headWithMatchingEtagIs304() throws IOException {
        RecordingResponse response = Exchange.run(handler,
                FakeRequest.head("/hello.txt").header("If-None-Match", etag));

        assertNotModified(response);
    }

    @Test
    void ifModifiedSinceTheSameSecondIs304() throws IOException {
        // The file's mtime has a fraction of a second; Last-Modified (and the comparison) truncate it.
        assertNotModified(get("If-Modified-Since", Site.HELLO_LAST_MODIFIED));
    }

    @Test
    void ifModifiedSinceLaterIs304() throws IOException {
        assertNotModified(get("If-Modified-Since", "Wed, 03 Jan 2024 00:00:00 GMT"));
    }

    @Test
    void ifModifiedSinceInObsoleteFormsIs304() throws IOException {
        assertNotModified(get("If-Modified-Since", "Tuesday, 02-Jan-24 03:04:05 GMT"));
        assertNotModified(get("If-Modified-Since", "Tue Jan  2 03:04:05 2024"));
    }

    @Test
    void ifModifiedSinceEarlierIs200() throws IOException {
        assertFull(get("If-Modified-Since", "Tue, 02 Jan 2024 03:04:04 GMT"));
    }

    @Test
    void unparseableIfModifiedSinceIsIgnored() throws IOException {
        assertFull(get("If-Modified-Since", "yesterday"));
        assertFull(get("If-Modified-Since", "Tue, 02 Jan 2024 03:04:05"));
    }

    @Test
    void ifNoneMatchWinsOverIfModifiedSince() throws IOException {
        RecordingResponse response = Exchange.run(handler, FakeRequest.get("/hello.txt")
                .header("If-None-Match", "\"other\"")
                .header("If-Modified-Since", "Wed, 03 Jan 2024 00:00:00 GMT"));

        assertFull(response);
    }

    @Test
    void failedIfMatchIs412() throws IOException {
        RecordingResponse response = get("If-Match", "\"other\"");

        assertEquals(412, response.status());
        assertEquals("412 Precondition Failed\n", response.bodyText());
    }

    @Test
    void ifMatchComparesStrongly() throws IOException {
        assertEquals(412, get("If-Match", "W/" + etag).status());
        assertFull(get("If-Match", etag));
    }

    @Test
    void ifUnmodifiedSinceBeforeTheChangeIs412() throws IOException {
        assertEquals(412, get("If-Unmodified-Since", "Mon, 01 Jan 2024 00:00:00 GMT").status());
        assertFull(get("If-Unmodified-Since", Site.HELLO_LAST_MODIFIED));
    }

    @Test
    void conditionalOnAMissingFileIs404() throws IOException {
        RecordingResponse response = Exchange.run(handler,
                FakeRequest.get("/nope.txt").header("If-None-Match", "*"));

        assertEquals(404, response.status());
        assertNull(response.header("ETag"));
    }
}
