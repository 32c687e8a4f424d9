package io.rebound.bench.peer.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts Apache Felix with every jar of a bundle directory (Felix HTTP Jetty, its dependencies, the file servlet),
 * then polls the servlet until it answers 200 and prints one line:
 *
 * <pre>peer ready http://127.0.0.1:PORT/ first-200-ms-from-main N</pre>
 *
 * where N is the time from entering {@code main} to that 200 (JVM boot before {@code main} is not in it: time the
 * process from outside for the whole start, as bench/compare.sh does). Stops the framework on SIGTERM.
 *
 * <pre>java -jar peer.jar --root DIR --storage DIR [--port N] [--bundles DIR] [--probe /PATH]</pre>
 *
 * {@code --port 0} (the default) lets Jetty pick a free port; it is read back from the Servlet Whiteboard runtime's
 * {@code osgi.http.endpoint} property.
 */
public final class PeerLauncher {

    private static final String HOST = "127.0.0.1";
    private static final String RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private PeerLauncher() {
    }

    public static void main(String[] args) throws Exception {
        long entered = System.nanoTime();
        Map<String, String> opts = options(args);
        Path root = Path.of(required(opts, "--root"));
        Path storage = Path.of(required(opts, "--storage"));
        int port = Integer.parseInt(opts.getOrDefault("--port", "0"));
        String probe = opts.getOrDefault("--probe", "/1k.bin");
        Path bundles = opts.containsKey("--bundles") ? Path.of(opts.get("--bundles")) : besideJar("peer-bundles");

        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("org.osgi.service.http.port", String.valueOf(port));
        config.put("org.apache.felix.http.host", HOST);
        config.put("peer.root", root.toAbsolutePath().toString());
        // slf4j-api 2 demands a ServiceLoader mediator (SPI Fly) and a provider bundle before it resolves. Declaring
        // both capabilities on the system bundle lets it resolve without them; it then finds no provider and falls
        // back to its no-op logger (three warning lines on stderr at start). Jetty thus logs nothing: the lightest
        // Felix + Jetty setup there is, which is what the benchmark wants from its peer.
        config.put(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA,
                "osgi.extender;osgi.extender=\"osgi.serviceloader.processor\";version:Version=\"1.0.0\","
                        + "osgi.serviceloader;osgi.serviceloader=\"org.slf4j.spi.SLF4JServiceProvider\"");

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Framework framework = factory.newFramework(config);
        framework.init();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "peer-shutdown"));
        framework.start();

        BundleContext context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(bundles)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                installed.add(context.installBundle(jar.toUri().toString()));
            }
        }
        if (installed.isEmpty()) {
            throw new IllegalStateException("no bundle jars in " + bundles);
        }
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }

        long deadline = System.nanoTime() + DEADLINE.toNanos();
        int actualPort = port != 0 ? port : endpointPort(context, deadline);
        awaitOk(actualPort, probe, deadline);
        long millis = (System.nanoTime() - entered) / 1_000_000;
        System.out.println("peer ready http://" + HOST + ":" + actualPort + "/ first-200-ms-from-main " + millis);
        System.out.flush();
        framework.waitForStop(0);
    }

    private static void stop(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (Exception e) {
            System.err.println("peer: stopping the framework failed: " + e);
        }
    }

    /** Port of the Servlet Whiteboard runtime's endpoint, once Jetty listens. */
    private static int endpointPort(BundleContext context, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            ServiceReference<?>[] refs = context.getAllServiceReferences(RUNTIME, null);
            if (refs != null) {
                for (ServiceReference<?> ref : refs) {
                    Object endpoint = ref.getProperty("osgi.http.endpoint");
                    List<String> urls = new ArrayList<>();
                    if (endpoint instanceof String s) {
                        urls.add(s);
                    } else if (endpoint instanceof String[] a) {
                        urls.addAll(List.of(a));
                    } else if (endpoint instanceof Iterable<?> it) {
                        it.forEach(o -> urls.add(String.valueOf(o)));
                    }
                    for (String url : urls) {
                        int p = URI.create(url).getPort();
                        if (p > 0) {
                            return p;
                        }
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no HttpServiceRuntime with an endpoint port within " + DEADLINE);
    }

    /**
     * Polls GET {@code probe} every 10 ms until it answers 200. A raw socket rather than an HTTP client: the probe
     * should add as little as possible to the peer's own memory and start time.
     */
    private static void awaitOk(int port, String probe, long deadline) throws InterruptedException {
        byte[] request = ("GET " + probe + " HTTP/1.1\r\nHost: " + HOST + ":" + port + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 1000);
                socket.setSoTimeout(1000);
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] head = new byte[12];
                int n = 0;
                for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) {
                    n += r;
                }
                if (n == head.length && new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet, or the connection was cut while the servlet was being registered.
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("GET " + probe + " did not answer 200 within " + DEADLINE);
    }

    private static Path besideJar(String name) throws Exception {
        File jar = new File(PeerLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.toPath().resolveSibling(name);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("bad argument: " + args[i]);
            }
            opts.put(args[i], args[i + 1]);
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null) {
            usage(name + " is required");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("peer: " + problem);
        System.err.println("usage: java -jar peer.jar --root DIR --storage DIR [--port N] [--bundles DIR]"
                + " [--probe /PATH]");
        System.exit(2);
    }
}
