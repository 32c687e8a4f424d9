package io.rebound.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.rebound.itests.faulty.refusing.RefusingComponent;

/**
 * Bundles that know nothing of Rebound, deployed from {@code <rebound.data>/deploy}: the recovery manager supervises
 * them under their symbolic names, from the outside only (a thread dying of an uncaught exception, a DS component
 * failing to activate, a bundle stopping by itself), microreboots one that crashes, cures one whose bug sits in static
 * state by giving it a new class loader, and gives up on one that keeps crashing — stopping it and marking it FAILED
 * while the server serves on.
 *
 * <p>The bundles are built with TinyBundles and bnd from the classes in {@code io.rebound.itests.faulty} by the Pax
 * Exam driver (see {@link FaultyBundles}); each test installs its own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ThirdPartyIT {

    /** Restarts a deployed bundle may have within the window before the supervisor gives up on it. */
    private static final int MAX_RESTARTS = 2;
    private static final Duration DETECTION = Duration.ofSeconds(20);

    private RunningServer server;
    private ReboundAdmin admin;
    private Bundle installed;
    private org.osgi.service.cm.Configuration policy;

    @Configuration
    public Option[] config() {
        return ReboundOptions.config(data -> FaultyBundles.writeAll(data.resolve("deploy")));
    }

    @Before
    public void serverUp() throws Exception {
        server = RunningServer.await(context());
        RecoveryTuning.configureDefaults(context(), FaultRecoveryIT.FAST_DETECTION);
        admin = new ReboundAdmin(server);
        admin.awaitAnswering();
    }

    @After
    public void uninstall() throws Exception {
        System.clearProperty(RefusingComponent.REFUSE);
        if (policy != null) {
            RecoveryTuning.removePolicy(context(), policy);
        }
        if (installed != null) {
            installed.uninstall();
        }
    }

    /** (a) A thread of a deployed component dies of an uncaught exception: that bundle alone is microrebooted. */
    @Test
    public void deployedComponentWhoseThreadCrashesIsMicrorebooted() throws Exception {
        String name = FaultyBundles.CRASHING;
        Bundle bundle = deploy(name);
        awaitProbe(name, "alive");
        try (RecoveryWitness witness = RecoveryWitness.watch(context(), admin, name, bundle)) {
            trigger(bundle, "crash");
            Map<?, ?> record = witness.awaitRecord(DETECTION, "after its crash trigger");
            assertEquals("result of " + record, "RECOVERED", record.get("result"));
            assertEquals("action of " + record, "microreboot " + name, record.get("action"));
            assertTrue("the cause names the dying thread: " + record,
                    ReboundAdmin.text(record, "cause").contains("crashing-worker"));
            witness.awaitActiveAfter(1);
            witness.assertOnlyComponentRebooted();
        }
        awaitProbe(name, "alive");
        server.awaitServing();
        System.out.println("ThirdPartyIT: " + name + " recovered: " + admin.recoveries());
    }

    /**
     * (b) The bug lives in a static field: once poisoned, every worker the class starts dies at once. Only a refresh
     * (a new class loader) cures that; one microreboot must leave the component healthy for good.
     */
    @Test
    public void deployedComponentWithPoisonedStaticStateIsCuredByOneMicroreboot() throws Exception {
        String name = FaultyBundles.POISONED;
        Bundle bundle = deploy(name);
        awaitProbe(name, "alive");
        ClassLoaderWitness loaders = new ClassLoaderWitness(bundle);
        try (RecoveryWitness witness = RecoveryWitness.watch(context(), admin, name, bundle)) {
            trigger(bundle, "poison");
            Map<?, ?> record = witness.awaitRecord(DETECTION, "after its poison trigger");
            assertEquals("result of " + record, "RECOVERED", record.get("result"));
            witness.awaitActiveAfter(1);
            witness.assertOnlyComponentRebooted();
        }
        assertTrue("the microreboot gave " + name + " a new class loader", loaders.replaced());
        // Healthy means its new worker got past its start and runs: a worker of a poisoned class dies right there.
        awaitProbe(name, "alive");
        assertEquals("restarts of " + name + " (a worker dying again would make more)", 1, admin.restarts(name));
        assertEquals("records for " + name + ": " + admin.recoveries(), 1, recordsFor(name).size());
        server.awaitServing();
    }

    /**
     * (c) A deployed bundle that crashes after every start is restarted until its restart intensity is used up, then
     * given up on: stopped, FAILED in /components, a FAILED record, and the rest of the server serves on.
     */
    @Test
    public void deployedBundleThatKeepsCrashingGoesFailedAndTheServerServesOn() throws Exception {
        keepsCrashingUntilFailed(FaultyBundles.FLAPPING);
    }

    /**
     * Like (c), but the worker dies while its component is still activating, as a component does whose worker fails
     * to initialise: its crash after a microreboot happens before that reboot has finished.
     */
    @Test
    public void deployedBundleThatCrashesWhileStartingGoesFailedAndTheServerServesOn() throws Exception {
        keepsCrashingUntilFailed(FaultyBundles.EAGER);
    }

    /**
     * (d) Seen in DS alone: a deployed component whose activation fails once. Nothing crashes and the bundle stays
     * ACTIVE; SCR holds the component in FAILED_ACTIVATION and nothing in the bundle tries again. The supervisor reads
     * that from SCR and microreboots the bundle, whose component then activates.
     */
    @Test
    public void deployedComponentThatFailsToActivateIsMicrorebooted() throws Exception {
        String name = FaultyBundles.REFUSING;
        SystemSnapshot before = SystemSnapshot.take(context());
        int recordsBefore = admin.recoveries().size();
        System.setProperty(RefusingComponent.REFUSE, "once");
        Bundle bundle = deploy(name);
        assertEquals(name + " stays ACTIVE though its component failed", Bundle.ACTIVE, bundle.getState());

        Map<?, ?> record = Await.until("a record for " + name + " in GET /recoveries", DETECTION,
                () -> admin.recoveriesAfter(recordsBefore).stream().filter(r -> name.equals(r.get("name")))
                        .findFirst().orElse(null));
        assertEquals("result of " + record, "RECOVERED", record.get("result"));
        assertEquals("action of " + record, "microreboot " + name, record.get("action"));
        String cause = ReboundAdmin.text(record, "cause");
        assertTrue("the cause says the DS component failed to activate, and why: " + record,
                cause.contains("failed to activate") && cause.contains("resource is not there yet"));
        awaitProbe(name, "active");
        assertEquals("restarts of " + name, 1, admin.restarts(name));
        assertEquals("DS component activations outside " + name, before.componentsExcept(bundle.getBundleId()),
                SystemSnapshot.take(context()).componentsExcept(bundle.getBundleId()));
        server.awaitServing();
    }

    /**
     * (e) Seen in the bundle's state alone: a deployed bundle that stops itself, unasked (it stays persistently
     * started, so no operator stopped it), is started again by a microreboot of that bundle only.
     */
    @Test
    public void deployedBundleThatStopsItselfIsMicrorebooted() throws Exception {
        String name = FaultyBundles.QUITTING;
        Bundle bundle = deploy(name);
        awaitProbe(name, "alive");
        try (RecoveryWitness witness = RecoveryWitness.watch(context(), admin, name, bundle)) {
            trigger(bundle, "quit");
            Map<?, ?> record = witness.awaitRecord(DETECTION, "after its quit trigger");
            assertEquals("result of " + record, "RECOVERED", record.get("result"));
            assertEquals("action of " + record, "microreboot " + name, record.get("action"));
            assertTrue("the cause says the bundle stopped by itself: " + record,
                    ReboundAdmin.text(record, "cause").contains("stopped by itself"));
            witness.awaitActiveAfter(1);
            witness.assertOnlyComponentRebooted();
        }
        awaitProbe(name, "alive");
        server.awaitServing();
    }

    private void keepsCrashingUntilFailed(String name) throws Exception {
        policy = RecoveryTuning.addPolicy(context(), name, Map.of("max.restarts", MAX_RESTARTS, "window.seconds", 300));
        SystemSnapshot before = SystemSnapshot.take(context());
        int recordsBefore = admin.recoveries().size();
        Bundle bundle = deploy(name);

        Map<?, ?> failed = Await.until(name + " to be FAILED in GET /components", DETECTION, () -> {
            Map<?, ?> component = admin.components().get(name);
            return component != null && "FAILED".equals(component.get("state")) ? component : null;
        });
        List<Map<?, ?>> records = admin.recoveriesAfter(recordsBefore).stream()
                .filter(r -> name.equals(r.get("name"))).collect(Collectors.toList());
        List<Object> results = records.stream().map(r -> r.get("result")).collect(Collectors.toList());
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < MAX_RESTARTS; i++) {
            expected.add("RECOVERED");
        }
        expected.add("FAILED");
        assertEquals("results for " + name + ": " + records, expected, results);
        assertTrue("the last record says what was stopped: " + records,
                ReboundAdmin.text(records.get(records.size() - 1), "action").startsWith("stopped " + name));
        assertEquals("restarts of " + name + ": " + failed, MAX_RESTARTS,
                ReboundAdmin.number(failed, "restarts").intValueExact());
        assertTrue("lastFailure of " + failed, failed.get("lastFailure") instanceof Map);
        Await.until(name + " stopped", () -> bundle.getState() == Bundle.RESOLVED);

        // The rest of the server is untouched and serves on; health says who failed.
        server.awaitServing();
        SystemSnapshot after = SystemSnapshot.take(context());
        assertEquals("DS components outside " + name, before.componentsExcept(bundle.getBundleId()),
                after.componentsExcept(bundle.getBundleId()));
        admin.components().forEach((component, view) -> {
            if (!component.equals(name)) {
                assertEquals(component + " while " + name + " is FAILED: " + view, "ACTIVE", view.get("state"));
            }
        });
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/health")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("GET /health while " + name + " is FAILED: " + health.body(), 503, health.statusCode());
        assertTrue("GET /health names " + name + ": " + health.body(), health.body().contains(name));
        System.out.println("ThirdPartyIT: " + name + " given up on: " + records);
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    /** Installs {@code <data>/deploy/<name>.jar} by file URL (its location marks it as deployed) and starts it. */
    private Bundle deploy(String name) throws Exception {
        Path jar = FaultyBundles.jar(server.data().resolve("deploy"), name);
        assertTrue("the driver wrote " + jar, Files.isRegularFile(jar));
        Bundle bundle = context().installBundle("file:" + jar.toAbsolutePath());
        installed = bundle;
        assertEquals(name, bundle.getSymbolicName());
        bundle.start();
        Await.until(name + " listed in GET /components", () -> admin.components().containsKey(name));
        return bundle;
    }

    /** Drops the trigger file into the bundle's data area, where its worker looks for it. */
    private static void trigger(Bundle bundle, String file) throws IOException {
        Path trigger = bundle.getBundleContext().getDataFile(file).toPath();
        Files.createFile(trigger);
    }

    private void awaitProbe(String name, String answer) {
        Await.until(name + " to answer '" + answer + "'", () -> answer.equals(call(probe(name))));
    }

    private ServiceReference<?> probe(String name) throws InvalidSyntaxException {
        ServiceReference<?>[] references = context().getServiceReferences(Callable.class.getName(),
                "(" + FaultyBundles.PROBE_PROPERTY + "=" + name + ")");
        if (references == null) {
            throw new AssertionError("no probe service of " + name);
        }
        return references[0];
    }

    private Object call(ServiceReference<?> reference) throws Exception {
        Object service = context().getService(reference);
        if (service == null) {
            throw new AssertionError("probe service gone: " + reference);
        }
        try {
            return ((Callable<?>) service).call();
        } finally {
            context().ungetService(reference);
        }
    }

    private List<Map<?, ?>> recordsFor(String name) throws IOException {
        return admin.recoveries().stream().filter(r -> name.equals(r.get("name"))).collect(Collectors.toList());
    }

    private static BundleContext context() {
        return Bundles.context();
    }
}
