package io.rebound.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** Activation through the DS constructor: the document root comes from the framework property. */
class ActivationTest {

    @TempDir
    Path base;

    /** A BundleContext that only answers getProperty, which is all activation may use. */
    private static BundleContext contextWith(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(ActivationTest.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** What SCR hands the component when there is no configuration. */
    static Map<String, Object> defaults() {
        return Map.of();
    }

    private IllegalArgumentException activationFailure(Map<String, String> properties) {
        return assertThrows(IllegalArgumentException.class,
                () -> new FilesHandler(contextWith(properties), defaults()));
    }

    @Test
    void activatesOnAnExistingRootAndServesFromIt() throws IOException {
        Files.writeString(base.resolve("index.html"), "home");
        FilesHandler handler = new FilesHandler(contextWith(Map.of("rebound.root", base.toString())), defaults());

        assertEquals("home", Exchange.run(handler, FakeRequest.get("/")).bodyText());
    }

    @Test
    void missingRootFailsNamingThePath() {
        Path missing = base.resolve("no-such-dir");

        IllegalArgumentException e = activationFailure(Map.of("rebound.root", missing.toString()));

        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void rootThatIsAFileFailsNamingThePath() throws IOException {
        Path file = Files.writeString(base.resolve("file.txt"), "not a directory");

        IllegalArgumentException e = activationFailure(Map.of("rebound.root", file.toString()));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    }

    @Test
    void unsetRootFailsNamingTheProperty() {
        IllegalArgumentException e = activationFailure(Map.of());

        assertTrue(e.getMessage().contains("rebound.root"), e.getMessage());
    }

    @Test
    void blankRootFailsNamingTheProperty() {
        IllegalArgumentException e = activationFailure(Map.of("rebound.root", "  "));

        assertTrue(e.getMessage().contains("rebound.root"), e.getMessage());
    }

    @Test
    void rootBehindASymlinkIsResolvedOnce() throws IOException {
        Path real = Files.createDirectory(base.resolve("real"));
        Files.writeString(real.resolve("a.txt"), "a");
        Path link = Files.createSymbolicLink(base.resolve("link"), real);

        FilesHandler handler = new FilesHandler(contextWith(Map.of("rebound.root", link.toString())), defaults());

        assertEquals("a", Exchange.run(handler, FakeRequest.get("/a.txt")).bodyText());
        assertEquals(real.toRealPath(), new DocumentRoot(link).realPath());
    }

    @Test
    void everyDeclaredAttributeIsReadUnderTheNameDsGivesIt() {
        Method[] attributes = FilesConfiguration.class.getDeclaredMethods();
        assertEquals(4, attributes.length);
        BundleContext context = contextWith(Map.of("rebound.root", base.toString()));
        for (Method attribute : attributes) {
            String property = attribute.getName().replace('_', '.');
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new FilesHandler(context, Map.of(property, new String[] {"a", "b"})), property);
            assertEquals("io.rebound.files: " + property + " must be one value, got [a, b]", e.getMessage());
        }
    }

    @Test
    void settingsFromAConfigurationFileApply() throws IOException {
        Files.writeString(base.resolve("start.txt"), "start");
        FilesHandler handler = new FilesHandler(contextWith(Map.of("rebound.root", base.toString())),
                Map.of("index.file", "start.txt", "max.age.seconds", "60", "cache.max.file.bytes", "0"));
        RecordingResponse served = Exchange.run(handler, FakeRequest.get("/"));
        assertEquals("start", served.bodyText());
        assertEquals(List.of("max-age=60"), served.headerValues("Cache-Control"));
    }
}
