package io.rebound.itests;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The server under test as seen from inside the framework: its ports, found through the listening-channel
 * services the listener bundle registers, and the directories the framework properties name.
 */
final class RunningServer {

    private static final String CHANNEL_FILTER =
            "(&(objectClass=java.nio.channels.ServerSocketChannel)(rebound.channel=%s))";
    /** By name, so the probe does not have to wire to the spi package to wait for it. */
    private static final String CONNECTOR_FILTER = "(objectClass=io.rebound.http.spi.Connector)";

    private final BundleContext context;
    private final int httpPort;
    private final int adminPort;

    private RunningServer(BundleContext context, int httpPort, int adminPort) {
        this.context = context;
        this.httpPort = httpPort;
        this.adminPort = adminPort;
    }

    /**
     * Waits until both channels are bound and the connector serves, then until a GET of the index answers 200
     * (the router and the files handler register independently of the connector).
     */
    static RunningServer await(BundleContext context) {
        int http = boundPort(context, "http");
        int admin = boundPort(context, "admin");
        waitForService(context, CONNECTOR_FILTER, "the connector service");
        RunningServer server = new RunningServer(context, http, admin);
        server.awaitServing();
        return server;
    }

    /** Polls GET of the index over fresh connections until it answers 200. */
    void awaitServing() {
        Await.until("GET " + TestDocroot.INDEX + " to answer 200 on port " + httpPort, () -> {
            try (RawConnection connection = RawConnection.open(httpPort)) {
                connection.send("GET " + TestDocroot.INDEX + " HTTP/1.1\r\nHost: itest\r\nConnection: close\r\n\r\n");
                RawResponse response = connection.read(false);
                return response.status() == 200 ? response : null;
            }
        });
    }

    int httpPort() {
        return httpPort;
    }

    int adminPort() {
        return adminPort;
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    URI admin(String path) {
        return URI.create("http://127.0.0.1:" + adminPort + path);
    }

    Path root() {
        return directory(ReboundOptions.ROOT);
    }

    Path data() {
        return directory(ReboundOptions.DATA);
    }

    /**
     * The admin token: {@code REBOUND_ADMIN_TOKEN} when the environment sets it (it then wins, CONTRACT section 3),
     * otherwise the file the recovery bundle writes on first start, waited for.
     */
    String adminToken() {
        String fromEnvironment = System.getenv("REBOUND_ADMIN_TOKEN");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        Path file = data().resolve("admin.token");
        return Await.until("the admin token file " + file, () -> {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            String token = Files.readString(file).trim();
            return token.isEmpty() ? null : token;
        });
    }

    private Path directory(String property) {
        String value = context.getProperty(property);
        if (value == null) {
            throw new AssertionError("framework property " + property + " is not set");
        }
        return Path.of(value);
    }

    private static int boundPort(BundleContext context, String role) {
        ServiceReference<?> reference = waitForService(context, String.format(CHANNEL_FILTER, role),
                "the " + role + " listening channel");
        Object port = reference.getProperty("rebound.port");
        if (!(port instanceof Integer) || (Integer) port <= 0) {
            throw new AssertionError("the " + role + " channel service has rebound.port=" + port);
        }
        return (Integer) port;
    }

    static ServiceReference<?> waitForService(BundleContext context, String filter, String what) {
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter(filter), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
        tracker.open(true);
        try {
            Duration timeout = Await.DEFAULT;
            if (tracker.waitForService(timeout.toMillis()) == null) {
                throw new AssertionError("no " + what + " service " + filter + " within " + timeout.toMillis()
                        + " ms");
            }
            return tracker.getServiceReference();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        } finally {
            tracker.close();
        }
    }
}
