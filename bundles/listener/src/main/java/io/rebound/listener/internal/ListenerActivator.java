package io.rebound.listener.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

import io.rebound.http.spi.Handover;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;

/**
 * Binds the public and the admin listening sockets when the bundle starts and registers each as a
 * {@link ServerSocketChannel} service. A plain activator rather than a DS component on purpose: the launcher starts
 * this bundle first and turns a bind failure (the {@link BundleException} thrown here) into a one-line error and
 * exit code 2, before anything else runs.
 */
public final class ListenerActivator implements BundleActivator {

    private final List<ServerSocketChannel> channels = new ArrayList<>();
    private final List<ServiceRegistration<ServerSocketChannel>> registrations = new ArrayList<>();
    private final HandoverDepot depot = new HandoverDepot();
    private ServiceRegistration<Handover> handover;

    @Override
    public void start(BundleContext context) throws BundleException {
        try {
            for (ListenerSpec spec : ListenerSpec.fromFramework(context::getProperty)) {
                ServerSocketChannel channel = spec.open();
                channels.add(channel);
                registrations.add(context.registerService(ServerSocketChannel.class, channel,
                        spec.serviceProperties((InetSocketAddress) channel.getLocalAddress())));
            }
            handover = context.registerService(Handover.class, depot, null);
        } catch (IllegalArgumentException | IOException e) {
            stop(context);
            throw new BundleException(e.getMessage(), BundleException.ACTIVATOR_ERROR, e);
        }
    }

    @Override
    public void stop(BundleContext context) {
        if (handover != null) {
            try {
                handover.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The framework unregisters a stopping bundle's services itself.
            }
            handover = null;
        }
        depot.closeAll();
        for (ServiceRegistration<ServerSocketChannel> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The framework unregisters a stopping bundle's services itself.
            }
        }
        registrations.clear();
        for (ServerSocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                System.getLogger("io.rebound.listener").log(System.Logger.Level.WARNING,
                        "closing listening socket failed: " + e);
            }
        }
        channels.clear();
    }
}
