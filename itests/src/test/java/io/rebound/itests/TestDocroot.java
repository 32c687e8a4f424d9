package io.rebound.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The document root the tests serve: its files and their exact content. Written by the Pax Exam driver before the
 * framework starts; the same class, inside the framework, tells the tests which bytes to expect.
 */
final class TestDocroot {

    static final String INDEX = "/index.html";
    static final String ONE_KIB = "/one-kib.txt";
    static final String HUNDRED_KIB = "/hundred-kib.bin";
    static final String SUB_DIR = "/sub/";
    static final String SUB_INDEX = "/sub/index.html";

    private TestDocroot() {
    }

    /** Writes every test file under {@code root}, creating it. */
    static void populate(Path root) {
        try {
            Files.createDirectories(root.resolve("sub"));
            for (String path : new String[] { INDEX, ONE_KIB, HUNDRED_KIB, SUB_INDEX }) {
                Files.write(root.resolve(path.substring(1)), content(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test document root " + root, e);
        }
    }

    /** @return the exact bytes of the file at URL path {@code path} */
    static byte[] content(String path) {
        switch (path) {
            case INDEX:
                return "<!doctype html>\n<title>Rebound itest</title>\n<p>root index</p>\n"
                        .getBytes(StandardCharsets.UTF_8);
            case SUB_INDEX:
            case SUB_DIR:
                return "<!doctype html>\n<title>Rebound itest</title>\n<p>sub index</p>\n"
                        .getBytes(StandardCharsets.UTF_8);
            case ONE_KIB:
                return printable(1024);
            case HUNDRED_KIB:
                return pattern(100 * 1024);
            default:
                throw new IllegalArgumentException("no test file at " + path);
        }
    }

    /** Lines of printable ASCII, so a failure dump of the text file stays readable. */
    private static byte[] printable(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i % 64 == 63 ? '\n' : 'A' + (i * 7 + i / 64) % 26);
        }
        return bytes;
    }

    /** Every byte value, in an order where each offset is distinguishable, so a misplaced range shows. */
    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 8) * 7 + 13);
        }
        return bytes;
    }
}
