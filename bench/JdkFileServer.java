import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * Baseline for bench/serve-1k.sh: the JDK's built-in HTTP server serving one file's bytes at every path.
 *
 * <pre>java bench/JdkFileServer.java PORT FILE</pre>
 *
 * PORT 0 picks a free port. The file is read once at start; every request gets 200 with the same bytes,
 * Content-Type application/octet-stream and Content-Length. A fixed pool of 8 handler threads, as in the
 * "pool of 8" row of /work/shared/BENCH.md.
 *
 * sun.net.httpserver.nodelay=true is set before the server is created (the property is read once, when the
 * server implementation class initialises). Without it the server leaves Nagle's algorithm on, which together
 * with the client's delayed ACK stalls every keep-alive response by ~40 ms: ~1.1k req/s, a strawman.
 */
public final class JdkFileServer {

    public static void main(String[] args) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");

        if (args.length != 2) {
            System.err.println("usage: java bench/JdkFileServer.java PORT FILE");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        byte[] body = Files.readAllBytes(Path.of(args[1]));

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                if ("HEAD".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    // A positive length makes the server send Content-Length (not chunked).
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("jdk ready http://127.0.0.1:" + server.getAddress().getPort() + "/");
        System.out.flush();
    }
}
