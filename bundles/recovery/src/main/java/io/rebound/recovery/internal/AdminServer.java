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
 */
@Component(name = "io.rebound.recovery.admin", service = AdminServer.class, immediate = true)
public final class AdminServer {

    private static final System.Logger LOG = System.getLogger("io.rebound.recovery");

    private final AdminHttpServer server;

    @Activate
    public AdminServer(BundleContext context, @Reference Supervisor supervisor,
            @Reference(name = "channel", target = "(rebound.channel=admin)") ServerSocketChannel channel)
            throws IOException {
        String data = context.getProperty("rebound.data");
        if (data == null || data.isBlank()) {
            throw new IllegalArgumentException("framework property rebound.data (the data directory) is not set");
        }
        AdminToken token = AdminToken.load(System.getenv(AdminToken.ENV), Path.of(data));
        boolean faults = Boolean.parseBoolean(context.getProperty("rebound.faults"));
        this.server = new AdminHttpServer(channel, token, new AdminApi(supervisor, faults));
        InetSocketAddress address = (InetSocketAddress) channel.getLocalAddress();
        LOG.log(Level.INFO, "admin API serving on " + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        server.stop();
    }
}
