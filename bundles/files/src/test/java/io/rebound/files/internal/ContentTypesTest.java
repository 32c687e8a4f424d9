package io.rebound.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "index.html   | text/html; charset=utf-8",
        "OLD.HTM      | text/html; charset=utf-8",
        "site.css     | text/css; charset=utf-8",
        "app.js       | text/javascript; charset=utf-8",
        "mod.mjs      | text/javascript; charset=utf-8",
        "notes.txt    | text/plain; charset=utf-8",
        "README.md    | text/markdown; charset=utf-8",
        "data.json    | application/json",
        "feed.xml     | application/xml",
        "logo.svg     | image/svg+xml",
        "a.png        | image/png",
        "a.JPG        | image/jpeg",
        "a.jpeg       | image/jpeg",
        "a.gif        | image/gif",
        "a.webp       | image/webp",
        "favicon.ico  | image/vnd.microsoft.icon",
        "doc.pdf      | application/pdf",
        "m.wasm       | application/wasm",
        "f.woff       | font/woff",
        "f.woff2      | font/woff2",
        "v.mp4        | video/mp4",
        "v.webm       | video/webm",
        "s.mp3        | audio/mpeg",
        "a.zip        | application/zip",
        "a.tar.gz     | application/gzip",
        "a.tar        | application/x-tar",
        "Makefile     | application/octet-stream",
        "trailing.    | application/octet-stream",
        "a.exe        | application/octet-stream",
        ".html        | text/html; charset=utf-8",
    })
    void mapsExtensions(String name, String type) {
        assertEquals(type, ContentTypes.of(name));
    }
}
