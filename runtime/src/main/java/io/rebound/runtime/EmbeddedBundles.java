package io.rebound.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

/**
 * The bundles shipped inside rebound.jar under {@code bundles/}, in the order of the index the build generates
 * ({@code bundles/index.txt}: one file name a line, {@code #} comments).
 */
final class EmbeddedBundles {

    static final String DIRECTORY = "bundles/";
    static final String INDEX = DIRECTORY + "index.txt";
    /** Location prefix of embedded bundles; tells them apart from hot-deployed ones. */
    static final String LOCATION_PREFIX = "rebound:";

    private EmbeddedBundles() {
    }

    /** @return the file names listed in the index, in order */
    static List<String> index(ClassLoader loader) throws StartupException {
        try (InputStream in = loader.getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new StartupException(ExitCode.FAILED,
                        "no " + INDEX + " on the class path: run the rebound.jar built by mvn package");
            }
            return parseIndex(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StartupException(ExitCode.FAILED, "cannot read " + INDEX + ": " + e, e);
        }
    }

    static List<String> parseIndex(String text) {
        List<String> names = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return names;
    }

    /** Installs every indexed bundle by stream, location {@code rebound:bundles/<file>}; starts none. */
    static List<Bundle> install(BundleContext context, ClassLoader loader) throws StartupException {
        List<Bundle> installed = new ArrayList<>();
        for (String name : index(loader)) {
            String resource = DIRECTORY + name;
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new StartupException(ExitCode.FAILED, INDEX + " lists " + name + " but rebound.jar lacks it");
                }
                installed.add(context.installBundle(LOCATION_PREFIX + resource, in));
            } catch (IOException | BundleException e) {
                throw new StartupException(ExitCode.FAILED, "cannot install " + resource + ": " + e.getMessage(), e);
            }
        }
        return installed;
    }

    static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }
}
