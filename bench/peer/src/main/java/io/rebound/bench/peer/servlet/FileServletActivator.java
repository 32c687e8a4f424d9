package io.rebound.bench.peer.servlet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;

import jakarta.servlet.Servlet;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers {@link FileServlet} with the OSGi Servlet Whiteboard (R8.1, what Felix HTTP Jetty 5 implements for
 * jakarta.servlet) at {@code /*}. A plain activator rather than a DS component: the peer then needs no SCR bundle,
 * which keeps it as light as Felix + Jetty can be.
 */
public final class FileServletActivator implements BundleActivator {

    /** Framework property naming the directory whose files are served. */
    static final String ROOT_PROPERTY = "peer.root";

    private ServiceRegistration<Servlet> registration;

    @Override
    public void start(BundleContext context) throws Exception {
        String root = context.getProperty(ROOT_PROPERTY);
        if (root == null || !Files.isDirectory(Path.of(root))) {
            throw new IllegalArgumentException("framework property " + ROOT_PROPERTY
                    + " must name a directory, got: " + root);
        }
        Hashtable<String, Object> props = new Hashtable<>();
        // The property names did not change between the Http Whiteboard and the Servlet Whiteboard specifications.
        props.put("osgi.http.whiteboard.servlet.pattern", "/*");
        props.put("osgi.http.whiteboard.servlet.name", "peer-files");
        registration = context.registerService(Servlet.class, new FileServlet(Path.of(root)), props);
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
