package io.rebound.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;

/**
 * The one Pax Exam configuration every integration test uses: Rebound's bundles as this build made them, the
 * third-party bundles they need, and a server on ephemeral loopback ports serving a fresh test document root.
 */
final class ReboundOptions {

    /** Framework property naming the document root; tests read it back through the bundle context. */
    static final String ROOT = "rebound.root";
    /** Framework property naming the data directory (admin token, logs). */
    static final String DATA = "rebound.data";

    /**
     * Install order is start order at one start level: the OSGi library bundles before SCR, SCR before the
     * components, the listener before the connector that takes its sockets.
     */
    private static final String[] BUNDLES = {
        "org.osgi.util.function",
        "org.osgi.util.promise",
        "org.osgi.service.component",
        "org.apache.felix.scr",
        "org.apache.felix.configadmin",
        "org.apache.felix.healthcheck.api",
        "io.rebound.http.api",
        "io.rebound.recovery.api",
        "h2-mvstore",
        "io.rebound.state.api",
        "io.rebound.state",
        "io.rebound.listener",
        "io.rebound.parser",
        "io.rebound.router",
        "io.rebound.files",
        "io.rebound.accesslog",
        "io.rebound.kv",
        "io.rebound.connector",
        "io.rebound.recovery",
    };

    private ReboundOptions() {
    }

    /** Something a test puts into the data directory before the framework starts (runs in the Pax Exam driver). */
    @FunctionalInterface
    interface DataSetup {
        void prepare(Path data) throws IOException;
    }

    static Option[] config() {
        return config(data -> { });
    }

    /** @param setup called with the fresh data directory before the framework starts */
    static Option[] config(DataSetup setup) {
        Path work = workDirectory();
        Path root = work.resolve("www");
        Path data = work.resolve("data");
        TestDocroot.populate(root);
        try {
            Files.createDirectories(data);
            setup.prepare(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the test data directory " + data, e);
        }

        List<Option> options = new ArrayList<>();
        options.add(junitBundles());
        // A bundle that does not resolve fails the run at once instead of as a confusing service timeout later.
        options.add(systemProperty("pax.exam.osgi.unresolved.fail").value("true"));
        // pax-logging-api (one of Pax Exam's bundles) takes over java.util.logging, and so the System.Logger lines
        // of Rebound's bundles: keep INFO so a failing run shows what the server said.
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("INFO"));
        options.add(frameworkProperty("rebound.http.port").value("0"));
        options.add(frameworkProperty("rebound.http.bind").value("127.0.0.1"));
        options.add(frameworkProperty("rebound.admin.port").value("0"));
        options.add(frameworkProperty("rebound.admin.bind").value("127.0.0.1"));
        options.add(frameworkProperty(ROOT).value(root.toString()));
        options.add(frameworkProperty(DATA).value(data.toString()));
        options.add(frameworkProperty("rebound.faults").value("true"));
        Path bundles = bundleDirectory();
        for (String name : BUNDLES) {
            Path jar = bundles.resolve(name + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("missing bundle " + jar + ": run the tests through Maven "
                        + "(mvn verify), whose pre-integration-test phase copies the bundles there");
            }
            options.add(bundle("file:" + jar.toAbsolutePath()));
        }
        return options(options.toArray(new Option[0]));
    }

    /** A fresh directory per test class under target/ (set by failsafe), so runs never see each other's files. */
    private static Path workDirectory() {
        String configured = System.getProperty("rebound.itest.work");
        try {
            if (configured == null) {
                return Files.createTempDirectory("rebound-itest-");
            }
            Path parent = Files.createDirectories(Path.of(configured));
            return Files.createTempDirectory(parent, "run-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a test work directory", e);
        }
    }

    private static Path bundleDirectory() {
        String configured = System.getProperty("rebound.itest.bundles");
        return Path.of(configured != null ? configured : "target/bundles");
    }
}
