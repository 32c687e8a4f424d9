package io.rebound.bench.peer.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves the regular files directly inside one directory, by name: the servlet a user of Felix + Jetty would write
 * for the benchmark's two files. Small files (up to 64 KiB) are read once at start and answered from memory, the
 * cheapest way a servlet can answer; larger ones are streamed from disk on every request through a 64 KiB buffer,
 * so memory stays flat whatever the file size. Unknown names get 404. No ETag, Last-Modified or Range: the
 * benchmark's requests need none, and the peer should be the cheap end of the comparison.
 */
final class FileServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int CACHE_LIMIT = 64 * 1024;
    private static final int STREAM_BUFFER = 64 * 1024;
    private static final String TYPE = "application/octet-stream";

    private final transient Path root;
    private final transient Map<String, byte[]> cached = new HashMap<>();

    FileServlet(Path root) throws IOException {
        this.root = root;
        try (Stream<Path> files = Files.list(root)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                try {
                    if (Files.size(file) <= CACHE_LIMIT) {
                        cached.put("/" + file.getFileName(), Files.readAllBytes(file));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getPathInfo();
        byte[] small = name == null ? null : cached.get(name);
        if (small != null) {
            response.setContentType(TYPE);
            response.setContentLength(small.length);
            response.getOutputStream().write(small);
            return;
        }
        Path file = name == null || name.indexOf('/', 1) >= 0 || name.contains("..") ? null : root.resolve(name.substring(1));
        if (file == null || !Files.isRegularFile(file)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(TYPE);
        response.setContentLengthLong(Files.size(file));
        try (InputStream in = Files.newInputStream(file)) {
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[STREAM_BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        }
    }
}
