package io.rebound.files.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesHandlerTest {

    @TempDir
    Path base;

    private Site site;
    private FilesHandler handler;

    @BeforeEach
    void setUp() throws IOException {
        site = new Site(base);
        handler = site.handler();
    }

    private RecordingResponse get(String path) throws IOException {
        return Exchange.run(handler, FakeRequest.get(path));
    }

    @Test
    void servesAFileWithTypeLengthBodyAndValidators() throws IOException {
        RecordingResponse response = get("/hello.txt");

        assertEquals(200, response.status());
        assertEquals(Site.HELLO, response.bodyText());
        assertEquals(Site.HELLO.length(), response.contentLength());
        assertEquals("text/plain; charset=utf-8", response.header("Content-Type"));
        assertEquals(Site.HELLO_LAST_MODIFIED, response.header("Last-Modified"));
        assertEquals("bytes", response.header("Accept-Ranges"));
        assertTrue(response.header("ETag").matches("\"d-[0-9a-f]+\""), response.header("ETag"));
        assertNull(response.header("Cache-Control"), "max-age 0 sends no Cache-Control");
        assertTrue(response.usedSendFile());
        assertTrue(response.sentChannelClosed(), "the channel is closed once sendFile returned");
    }

    @Test
    void servesBinaryContentExactly() throws IOException {
        RecordingResponse response = get("/data.bin");

        assertEquals(200, response.status());
        assertArrayEquals(Files.readAllBytes(site.root.resolve("data.bin")), response.bodyBytes());
        assertEquals("application/octet-stream", response.header("Content-Type"));
    }

    @Test
    void picksContentTypeByExtensionAndDefaultsForNone() throws IOException {
        assertEquals("text/html; charset=utf-8", get("/index.html").header("Content-Type"));
        assertEquals("application/octet-stream", get("/noext").header("Content-Type"));
    }

    @Test
    void servesAnEmptyFile() throws IOException {
        RecordingResponse response = get("/empty.txt");

        assertEquals(200, response.status());
        assertEquals(0, response.contentLength());
        assertEquals(0, response.bodyBytes().length);
    }

    @Test
    void etagChangesWhenTheFileChanges() throws IOException {
        String before = get("/hello.txt").header("ETag");
        Site.write(site.root.resolve("hello.txt"), "Hello, changed world\n");

        assertFalse(before.equals(get("/hello.txt").header("ETag")));
    }

    @Test
    void sendsCacheControlWhenMaxAgeIsConfigured() throws IOException {
        RecordingResponse response = Exchange.run(site.handler(3600), FakeRequest.get("/hello.txt"));

        assertEquals("max-age=3600", response.header("Cache-Control"));
    }

    @Test
    void missingFileIs404WithPlainTextBody() throws IOException {
        RecordingResponse response = get("/nope.html");

        assertEquals(404, response.status());
        assertEquals("404 Not Found\n", response.bodyText());
        assertEquals("text/plain; charset=utf-8", response.header("Content-Type"));
        assertFalse(response.usedSendFile());
    }

    @Test
    void missingFileBelowAFileIs404() throws IOException {
        assertEquals(404, get("/hello.txt/more").status());
    }

    @Test
    void fileNamedAsDirectoryIs404() throws IOException {
        assertEquals(404, get("/hello.txt/").status());
    }

    @Test
    void rootServesItsIndex() throws IOException {
        RecordingResponse response = get("/");

        assertEquals(200, response.status());
        assertEquals("<h1>home</h1>\n", response.bodyText());
        assertEquals("text/html; charset=utf-8", response.header("Content-Type"));
    }

    @Test
    void directoryWithSlashServesItsIndex() throws IOException {
        RecordingResponse response = get("/sub/");

        assertEquals(200, response.status());
        assertEquals("<h1>sub</h1>\n", response.bodyText());
    }

    @Test
    void configuredIndexFileIsUsed() throws IOException {
        FilesHandler custom = new FilesHandler(new DocumentRoot(site.root), "page.txt", 0);

        assertEquals("sub page", Exchange.run(custom, FakeRequest.get("/sub/")).bodyText());
    }

    @Test
    void directoryWithoutIndexIs404NotAListing() throws IOException {
        RecordingResponse response = get("/nested/");

        assertEquals(404, response.status());
        assertEquals("404 Not Found\n", response.bodyText());
    }

    @Test
    void directoryWithoutSlashRedirects() throws IOException {
        RecordingResponse response = get("/sub");

        assertEquals(301, response.status());
        assertEquals("/sub/", response.header("Location"));
        assertEquals("301 Moved Permanently\n", response.bodyText());
    }

    @Test
    void redirectKeepsTheQuery() throws IOException {
        RecordingResponse response = Exchange.run(handler, FakeRequest.get("/sub").query("a=1&b=%20"));

        assertEquals("/sub/?a=1&b=%20", response.header("Location"));
    }

    @Test
    void redirectNeverStartsWithTwoSlashes() throws IOException {
        // "//sub" must not become "//sub/", which a browser reads as the host "sub".
        RecordingResponse response = get("//sub");

        assertEquals(301, response.status());
        assertEquals("/sub/", response.header("Location"));
    }

    @Test
    void redirectReencodesTheName() throws IOException {
        Files.createDirectory(site.root.resolve("a b%"));

        assertEquals("/a%20b%25/", get("/a%20b%25").header("Location"));
    }

    @Test
    void emptySegmentsCollapse() throws IOException {
        RecordingResponse response = get("//sub//page.txt");

        assertEquals(200, response.status());
        assertEquals("sub page", response.bodyText());
    }

    @Test
    void percentEncodedNamesAreDecodedOnce() throws IOException {
        Site.write(site.root.resolve("a b.txt"), "spaced");
        Site.write(site.root.resolve("caf\u00e9.txt"), "utf8");

        assertEquals("spaced", get("/a%20b.txt").bodyText());
        assertEquals("utf8", get("/caf%C3%A9.txt").bodyText());
        assertEquals("text/plain; charset=utf-8", get("/hello%2etxt").header("Content-Type"));
    }

    @Test
    void doubleEncodedDotsNameALiteralDirectory() throws IOException {
        Path literal = Files.createDirectory(site.root.resolve("%2e%2e"));
        Site.write(literal.resolve("x"), "literal");

        RecordingResponse response = get("/%252e%252e/x");

        assertEquals(200, response.status());
        assertEquals("literal", response.bodyText());
    }

    @Test
    void symlinkInsideTheRootIsServedWithItsOwnName() throws IOException {
        RecordingResponse response = get("/link.txt");

        assertEquals(200, response.status());
        assertEquals(Site.HELLO, response.bodyText());
    }

    @Test
    void fileBelowASymlinkedDirectoryInsideTheRootIsServed() throws IOException {
        assertEquals("sub page", get("/alias/page.txt").bodyText());
        assertEquals(404, get("/alias/missing.txt").status());
    }

    @Test
    void symlinkedDirectoryLeadingBackInsideIsServed() throws IOException {
        assertEquals(Site.HELLO, get("/outdir/www/hello.txt").bodyText());
    }

    @Test
    void headSendsHeadersAndLengthThroughSendFile() throws IOException {
        RecordingResponse response = Exchange.run(handler, FakeRequest.head("/hello.txt"));

        assertEquals(200, response.status());
        assertEquals(Site.HELLO.length(), response.contentLength());
        assertEquals("text/plain; charset=utf-8", response.header("Content-Type"));
        assertEquals(Site.HELLO_LAST_MODIFIED, response.header("Last-Modified"));
        assertTrue(response.usedSendFile(), "the connector suppresses the body of HEAD");
    }

    @Test
    void headIgnoresRange() throws IOException {
        RecordingResponse response = Exchange.run(handler,
                FakeRequest.head("/hello.txt").header("Range", "bytes=0-1"));

        assertEquals(200, response.status());
        assertNull(response.header("Content-Range"));
    }

    @Test
    void otherMethodsAre405() throws IOException {
        RecordingResponse response = Exchange.run(handler, FakeRequest.method("POST", "/hello.txt"));

        assertEquals(405, response.status());
        assertEquals("GET, HEAD", response.header("Allow"));
    }

    @Test
    void servesBelowAConfiguredMountPoint() throws IOException {
        assertEquals(Site.HELLO,
                Exchange.run(handler, FakeRequest.get("/static/hello.txt").mountedAt("/static")).bodyText());
        assertEquals("/static/sub/",
                Exchange.run(handler, FakeRequest.get("/static/sub").mountedAt("/static")).header("Location"));
        assertEquals("/static/",
                Exchange.run(handler, FakeRequest.get("/static").mountedAt("/static")).header("Location"));
        assertEquals(404, Exchange.run(handler, FakeRequest.get("/staticx").mountedAt("/static")).status());
    }

    @Test
    void rejectsAnIndexFileThatIsNoPlainName() {
        DocumentRoot root = new DocumentRoot(site.root);

        for (String bad : new String[] { "", ".", "..", "../x.html", "a/b.html", "a\\b", "a\u0000b" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new FilesHandler(root, bad, 0), bad);
            assertTrue(e.getMessage().contains("index.file"), e.getMessage());
        }
    }

    @Test
    void rejectsANegativeMaxAge() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FilesHandler(new DocumentRoot(site.root), "index.html", -1));
        assertTrue(e.getMessage().contains("max.age.seconds"), e.getMessage());
    }

    @Test
    void linkLoopIs404() throws IOException {
        assertEquals(404, get("/loop").status());
    }
}
