package io.rebound.recovery.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The admin channel: serves the admin API on the admin port with the recovery bundle's own code, so that a dead
 * connector can still be healed remotely. Registered as a service (under this class name) once it serves; the
 * launcher waits for it before declaring the server ready.
 *
 * <p>With framework property {@value #KEYSTORE_PROPERTY} (a PKCS12 file; password in
 * {@value #KEYSTORE_PASSWORD_PROPERTY}) it speaks TLS only. Without one it serves only a loopback address: a bearer
 * token sent in clear over a network is as good as published. The launcher refuses such a start already; this is
 * the bundle keeping the rule for any other way of starting it.
 */
@Component(name = "io.rebound.recovery.admin", service = AdminServer.class, immediate = true)
public final class AdminServer {

    static final String KEYSTORE_PROPERTY = "rebound.admin.keystore";
    static final String KEYSTORE_PASSWORD_PROPERTY = "rebound.admin.keystore.password";

    private static final System.Logger LOG = System.getLogger("io.rebound.recovery");

    private final AdminHttpServer server;

    @Activate
    public AdminServer(BundleContext context, @Reference Supervisor supervisor,
            @Reference OperatorRestarts operatorRestarts,
            @Reference(name = "channel", target = "(rebound.channel=admin)") ServerSocketChannel channel)
            throws IOException {
        String data = context.getProperty("rebound.data");
        if (data == null || data.isBlank()) {
            throw new IllegalArgumentException("framework property rebound.data (the data directory) is not set");
        }
        InetSocketAddress address = (InetSocketAddress) channel.getLocalAddress();
        String keystore = context.getProperty(KEYSTORE_PROPERTY);
        AdminTls tls = keystore == null || keystore.isBlank() ? null
                : AdminTls.load(Path.of(keystore), context.getProperty(KEYSTORE_PASSWORD_PROPERTY));
        if (tls == null && !address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the admin channel is bound to " + address.getAddress().getHostAddress()
                    + ", not a loopback address, and no keystore (" + KEYSTORE_PROPERTY + ") is configured: "
                    + "refusing to serve the admin API without TLS");
        }
        AdminToken token = AdminToken.load(System.getenv(AdminToken.ENV), Path.of(data));
        boolean faults = Boolean.parseBoolean(context.getProperty("rebound.faults"));
        this.server = new AdminHttpServer(channel, token, new AdminApi(supervisor, faults, operatorRestarts), tls);
        LOG.log(Level.INFO, "admin API serving on " + address.getAddress().getHostAddress() + ":" + address.getPort()
                + (tls == null ? " (plain HTTP, loopback only)" : " (TLS)"));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        server.stop();
    }
}
