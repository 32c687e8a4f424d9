package io.rebound.itests;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.ops4j.pax.tinybundles.TinyBundle;
import org.ops4j.pax.tinybundles.TinyBundles;

import io.rebound.itests.faulty.crashing.CrashingComponent;
import io.rebound.itests.faulty.eager.EagerComponent;
import io.rebound.itests.faulty.flapping.FlappingComponent;
import io.rebound.itests.faulty.poisoned.PoisonedComponent;
import io.rebound.itests.faulty.quitting.QuittingComponent;
import io.rebound.itests.faulty.refusing.RefusingComponent;

/**
 * Builds the third-party bundles of {@link ThirdPartyIT} with TinyBundles and bnd, in the Pax Exam driver before the
 * framework starts, and writes them into the deploy directory (where the test installs them from, so that their
 * location marks them as deployed). Plain DS: a hand-written component description and a Service-Component header;
 * bnd computes the imports (only {@code org.osgi.framework} where a component takes a BundleContext).
 */
final class FaultyBundles {

    static final String CRASHING = "itest.faulty.crashing";
    static final String POISONED = "itest.faulty.poisoned";
    static final String FLAPPING = "itest.faulty.flapping";
    static final String EAGER = "itest.faulty.eager";
    static final String REFUSING = "itest.faulty.refusing";
    static final String QUITTING = "itest.faulty.quitting";
    /** Service property by which the test finds a component's {@code Callable} probe. */
    static final String PROBE_PROPERTY = "itest.probe";

    private FaultyBundles() {
    }

    /** Writes every faulty bundle as {@code <deploy>/<symbolic-name>.jar}. */
    static void writeAll(Path deploy) throws IOException {
        Files.createDirectories(deploy);
        write(deploy, bundle(CRASHING, CrashingComponent.class, true, "activate", CrashingComponent.class));
        write(deploy, bundle(POISONED, PoisonedComponent.class, true, "activate", PoisonedComponent.class,
                loadPeer(PoisonedComponent.class, "PoisonedWorker")));
        write(deploy, bundle(FLAPPING, FlappingComponent.class, false, "activate", FlappingComponent.class));
        write(deploy, bundle(EAGER, EagerComponent.class, false, "activate", EagerComponent.class));
        write(deploy, bundle(REFUSING, RefusingComponent.class, true, "activate", RefusingComponent.class));
        write(deploy, bundle(QUITTING, QuittingComponent.class, true, "activate", QuittingComponent.class));
    }

    static Path jar(Path deploy, String symbolicName) {
        return deploy.resolve(symbolicName + ".jar");
    }

    private static TinyBundle bundle(String symbolicName, Class<?> implementation, boolean probe, String activate,
            Class<?>... classes) {
        TinyBundle bundle = TinyBundles.bundle()
                .setHeader("Bundle-SymbolicName", symbolicName)
                .setHeader("Bundle-Version", "1.0.0")
                .setHeader("Bundle-Name", "Rebound itest third-party bundle " + symbolicName)
                .setHeader("Service-Component", "OSGI-INF/component.xml")
                // bnd instructions: java.* comes from the boot class path; no tool headers.
                .setHeader("-noimportjava", "true")
                .setHeader("-noextraheaders", "true")
                .addResource("OSGI-INF/component.xml", new ByteArrayInputStream(
                        componentXml(symbolicName, implementation, probe, activate)
                                .getBytes(StandardCharsets.UTF_8)));
        for (Class<?> type : classes) {
            bundle.addClass(type);
        }
        return bundle;
    }

    /** The component description a developer would write by hand: immediate, optionally a Callable service. */
    private static String componentXml(String name, Class<?> implementation, boolean probe, String activate) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"").append(name)
                .append("\" immediate=\"true\" activate=\"").append(activate)
                .append("\" deactivate=\"deactivate\">\n")
                .append("  <implementation class=\"").append(implementation.getName()).append("\"/>\n");
        if (probe) {
            xml.append("  <property name=\"").append(PROBE_PROPERTY).append("\" value=\"").append(name)
                    .append("\"/>\n")
                    .append("  <service><provide interface=\"java.util.concurrent.Callable\"/></service>\n");
        }
        xml.append("</scr:component>\n");
        return xml.toString();
    }

    private static Class<?> loadPeer(Class<?> anchor, String simpleName) {
        try {
            return Class.forName(anchor.getPackageName() + "." + simpleName, false, anchor.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Builds with bnd and writes the jar. TinyBundles hands bnd its instructions as manifest headers, and bnd keeps
     * them in the manifest it computes: they are dropped here, so the bundle carries only real headers.
     */
    private static void write(Path deploy, TinyBundle bundle) throws IOException {
        String symbolicName = bundle.getHeader("Bundle-SymbolicName");
        try (JarInputStream in = new JarInputStream(bundle.build(TinyBundles.bndBuilder()));
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar(deploy, symbolicName)),
                        withoutInstructions(in.getManifest()))) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                out.putNextEntry(new JarEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
        }
    }

    private static Manifest withoutInstructions(Manifest manifest) {
        Manifest clean = new Manifest(manifest);
        clean.getMainAttributes().keySet().removeIf(name -> name.toString().startsWith("-"));
        return clean;
    }
}
