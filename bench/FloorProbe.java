import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The floor under any Felix + Declarative Services server, for bench/floor.sh:
 * <ul>
 * <li>{@code idle}: a JVM that does nothing (prints {@code ready}, then sleeps), whose RSS is what the JVM itself
 * costs;</li>
 * <li>{@code felix LAUNCHED_AT_MILLIS STORAGE BUNDLE...}: starts the Felix framework, installs and starts the given
 * bundles (SCR and what it needs, no component), prints the milliseconds since the launch, and stops.</li>
 * </ul>
 * Run with the Felix framework jar on the class path.
 */
public final class FloorProbe {

    private FloorProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("idle")) {
            System.out.println("ready");
            Thread.sleep(Long.MAX_VALUE);
        } else if (args.length >= 3 && args[0].equals("felix")) {
            felix(Long.parseLong(args[1]), args[2], List.of(args).subList(3, args.length));
        } else {
            System.err.println("usage: FloorProbe idle | FloorProbe felix LAUNCHED_AT_MILLIS STORAGE BUNDLE...");
            System.exit(2);
        }
    }

    private static void felix(long launchedAt, String storage, List<String> bundles) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage);
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        try {
            List<Bundle> installed = new ArrayList<>();
            for (String jar : bundles) {
                installed.add(framework.getBundleContext().installBundle(new File(jar).toURI().toString()));
            }
            for (Bundle bundle : installed) {
                bundle.start();
            }
            System.out.println("started " + (System.currentTimeMillis() - launchedAt) + " ms after launch, "
                    + installed.size() + " bundles");
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }
}
