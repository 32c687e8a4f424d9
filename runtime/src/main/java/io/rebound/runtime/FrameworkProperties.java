package io.rebound.runtime;

import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.Constants;

/** The framework configuration for one server start: OSGi and Felix settings plus the {@code rebound.*} properties. */
final class FrameworkProperties {

    /** Felix's property for a logger object (a {@link org.apache.felix.framework.Logger}). */
    private static final String FELIX_LOGGER = "felix.log.logger";

    private FrameworkProperties() {
    }

    /** @return the configuration map; values are strings except the Felix logger */
    static Map<String, Object> of(Options options, ServerDirectories directories) {
        Map<String, Object> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, directories.frameworkStorage().toString());
        // The bundles embedded in rebound.jar are authoritative at every start: never resume a cached older set.
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);

        // Read by the bundles through BundleContext.getProperty (the listener binds these; see CONTRACT.md).
        p.put("rebound.http.port", String.valueOf(options.port()));
        p.put("rebound.http.bind", options.bind());
        p.put("rebound.admin.port", String.valueOf(options.adminPort()));
        p.put("rebound.admin.bind", options.adminBind());
        p.put("rebound.root", directories.root().toString());
        p.put("rebound.data", directories.data().toString());
        p.put("rebound.faults", String.valueOf(options.faults()));
        if (options.adminKeystore() != null) {
            // Read by the recovery bundle's admin server, which then speaks TLS only.
            p.put("rebound.admin.keystore", options.adminKeystore().toAbsolutePath().normalize().toString());
            if (options.adminKeystorePassword() != null) {
                p.put("rebound.admin.keystore.password", options.adminKeystorePassword());
            }
        }

        p.put("felix.fileinstall.dir", directories.deploy().toString());
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.poll", "1000");
        // The .cfg files operators drop into deploy/ are the source of truth: FileInstall must never write them back
        // (its write-back can race with the creation of a factory configuration and leave the file empty).
        p.put("felix.fileinstall.enableConfigSave", "false");
        // Its scratch space defaults to a fresh directory under /tmp per start, left behind when the process is
        // killed; inside the bundle cache it is wiped at the next start instead (storage.clean above).
        p.put("felix.fileinstall.tmpdir", directories.frameworkStorage().resolve("fileinstall-tmp").toString());
        // Errors and warnings only, through java.util.logging (its default prints to stdout).
        p.put("felix.fileinstall.log.level", "2");
        p.put("felix.fileinstall.log.default", "jul");

        // Without a console session Gogo must not read stdin: at end of input it stops the whole framework.
        if (!options.shell()) {
            p.put("gosh.args", "--nointeractive");
        }

        p.put("felix.log.level", "1");
        p.put(FELIX_LOGGER, new FelixLogBridge());
        // SCR prints its own log (no OSGi log service here); warnings matter for a server that reboots components.
        p.put("ds.loglevel", "warn");
        // Resolve on the calling thread. A microreboot resolves one bundle, a job too small to split: handing it to
        // the resolver's thread pool and waiting for it was a sixth of the time a rebooted bundle took to start.
        p.put("felix.resolver.parallelism", "1");
        return p;
    }
}
