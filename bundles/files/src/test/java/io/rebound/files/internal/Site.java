package io.rebound.files.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * A real document root in a temporary directory, with secrets placed just outside it and symbolic links leading
 * both out of it and within it.
 *
 * <pre>
 * base/x, base/secret.txt, base/wwwx/y.txt   secrets outside the root
 * base/www/                                  the root
 *   hello.txt index.html data.bin noext empty.txt
 *   sub/index.html  sub/page.txt  nested/ (no index)
 *   link.txt -> hello.txt        inside
 *   alias -> sub                 inside, a directory
 *   out.txt -> ../x              outside (relative)
 *   abs.txt -> base/secret.txt   outside (absolute)
 *   outdir -> ..                 outside, a directory
 *   sibling -> ../wwwx           outside, a directory whose name extends the root's
 *   loop -> loop                 a link loop
 * </pre>
 */
final class Site {

    static final String SECRET = "TOP-SECRET-do-not-serve";
    static final String HELLO = "Hello, world\n";
    static final Instant HELLO_MTIME = Instant.parse("2024-01-02T03:04:05.678Z");
    static final String HELLO_LAST_MODIFIED = "Tue, 02 Jan 2024 03:04:05 GMT";

    final Path base;
    final Path root;

    Site(Path base) throws IOException {
        this.base = base;
        this.root = Files.createDirectory(base.resolve("www"));
        write(base.resolve("x"), SECRET + " x");
        write(base.resolve("secret.txt"), SECRET + " secret.txt");
        Files.createDirectory(base.resolve("wwwx"));
        write(base.resolve("wwwx/y.txt"), SECRET + " y");

        write(root.resolve("hello.txt"), HELLO);
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(HELLO_MTIME));
        write(root.resolve("index.html"), "<h1>home</h1>\n");
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Files.write(root.resolve("data.bin"), data);
        write(root.resolve("noext"), "no extension");
        write(root.resolve("empty.txt"), "");
        Files.createDirectory(root.resolve("sub"));
        write(root.resolve("sub/index.html"), "<h1>sub</h1>\n");
        write(root.resolve("sub/page.txt"), "sub page");
        Files.createDirectory(root.resolve("nested"));

        Files.createSymbolicLink(root.resolve("link.txt"), Path.of("hello.txt"));
        Files.createSymbolicLink(root.resolve("alias"), Path.of("sub"));
        Files.createSymbolicLink(root.resolve("out.txt"), Path.of("../x"));
        Files.createSymbolicLink(root.resolve("abs.txt"), base.resolve("secret.txt").toAbsolutePath());
        Files.createSymbolicLink(root.resolve("outdir"), Path.of(".."));
        Files.createSymbolicLink(root.resolve("sibling"), Path.of("../wwwx"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
    }

    FilesHandler handler() {
        return handler(0);
    }

    FilesHandler handler(long maxAgeSeconds) {
        return new FilesHandler(new DocumentRoot(root), "index.html", maxAgeSeconds);
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
