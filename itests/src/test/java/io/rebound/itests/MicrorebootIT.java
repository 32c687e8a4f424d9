package io.rebound.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Microreboots each component's bundle (stop, refresh, start) while the rest of the server runs, through the
 * framework directly and through the admin API, and checks that only that bundle moved, that the server serves
 * again, and that none of the rebooted bundle's threads survives. One framework per test, so a reboot that breaks
 * the server fails only its own test.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class MicrorebootIT {

    /** The components the admin API must list (CONTRACT section 2). */
    private static final List<String> REQUIRED_COMPONENTS = List.of("connector", "parser", "router", "files",
            "accesslog");
    private static final List<String> COMPONENT_FIELDS = List.of("name", "bundle", "bundleId", "state", "restarts",
            "lastFailure", "dependsOn");
    /**
     * Events meaning a bundle other than the rebooted one was disturbed (or, for INSTALLED, that the reboot
     * replaced a bundle instead of refreshing it).
     */
    private static final Set<Integer> DISTURBING_EVENTS = Set.of(BundleEvent.STARTING, BundleEvent.STARTED,
            BundleEvent.STOPPING, BundleEvent.STOPPED, BundleEvent.UNRESOLVED, BundleEvent.UPDATED,
            BundleEvent.UNINSTALLED, BundleEvent.INSTALLED);
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(30);

    private RunningServer server;
    private AdminClient admin;

    @Configuration
    public Option[] config() {
        return ReboundOptions.config();
    }

    @Before
    public void serverIsUp() {
        server = RunningServer.await(context());
        admin = new AdminClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build(), server);
    }

    // --- microreboot through the framework: stop, refresh, start -------------------------------------------------

    @Test
    public void parserSurvivesFrameworkMicroreboot() throws Exception {
        microreboot("parser", this::stopRefreshStart);
    }

    @Test
    public void routerSurvivesFrameworkMicroreboot() throws Exception {
        microreboot("router", this::stopRefreshStart);
    }

    @Test
    public void filesSurvivesFrameworkMicroreboot() throws Exception {
        microreboot("files", this::stopRefreshStart);
    }

    @Test
    public void accesslogSurvivesFrameworkMicroreboot() throws Exception {
        microreboot("accesslog", this::stopRefreshStart);
    }

    @Test
    public void connectorSurvivesFrameworkMicroreboot() throws Exception {
        microreboot("connector", this::stopRefreshStart);
    }

    @Test
    public void recoverySurvivesFrameworkMicroreboot() throws Exception {
        microreboot("recovery", this::stopRefreshStart);
        // The admin API lives in the recovery bundle: it must come back too.
        String token = server.adminToken();
        Await.until("the admin API to answer GET /components again", () ->
                admin.send("GET", "/components", token).statusCode() == 200);
    }

    // --- microreboot through the admin API -------------------------------------------------------------------------

    @Test
    public void parserRestartsThroughAdminApi() throws Exception {
        microreboot("parser", adminRestart("parser"));
    }

    @Test
    public void routerRestartsThroughAdminApi() throws Exception {
        microreboot("router", adminRestart("router"));
    }

    @Test
    public void filesRestartsThroughAdminApi() throws Exception {
        microreboot("files", adminRestart("files"));
    }

    @Test
    public void accesslogRestartsThroughAdminApi() throws Exception {
        microreboot("accesslog", adminRestart("accesslog"));
    }

    @Test
    public void connectorRestartsThroughAdminApi() throws Exception {
        microreboot("connector", adminRestart("connector"));
    }

    // --- admin API contract ---------------------------------------------------------------------------------------

    @Test
    public void componentsListsEveryComponentActive() throws Exception {
        String token = server.adminToken();
        HttpResponse<String> listed = Await.until("GET /components to list " + REQUIRED_COMPONENTS + " as ACTIVE",
                () -> {
                    HttpResponse<String> response = admin.send("GET", "/components", token);
                    assertEquals(AdminClient.describe(response), 200, response.statusCode());
                    Map<String, Map<?, ?>> byName = componentsByName(response);
                    for (String name : REQUIRED_COMPONENTS) {
                        Map<?, ?> component = byName.get(name);
                        assertTrue(name + " missing from " + response.body(), component != null);
                        assertEquals(name + " in " + response.body(), "ACTIVE", component.get("state"));
                    }
                    return response;
                });
        assertTrue(AdminClient.describe(listed), listed.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/json"));
        for (Map<?, ?> component : componentsByName(listed).values()) {
            for (String field : COMPONENT_FIELDS) {
                assertTrue("field " + field + " missing in " + component, component.containsKey(field));
            }
        }
    }

    @Test
    public void adminRejectsMissingOrWrongToken() throws Exception {
        String token = server.adminToken();
        String wrong = token.equals("0".repeat(64)) ? "1".repeat(64) : "0".repeat(64);

        HttpResponse<String> noToken = admin.send("GET", "/components", null);
        assertEquals(AdminClient.describe(noToken), 401, noToken.statusCode());
        HttpResponse<String> wrongToken = admin.send("GET", "/components", wrong);
        assertEquals(AdminClient.describe(wrongToken), 401, wrongToken.statusCode());

        Bundle connector = bundle("connector");
        BundleEventRecorder events = new BundleEventRecorder();
        context().addBundleListener(events);
        try {
            HttpResponse<String> restart = admin.send("POST", "/components/connector/restart", wrong);
            assertEquals(AdminClient.describe(restart), 401, restart.statusCode());
            HttpResponse<String> restartNoToken = admin.send("POST", "/components/connector/restart", null);
            assertEquals(AdminClient.describe(restartNoToken), 401, restartNoToken.statusCode());
        } finally {
            context().removeBundleListener(events);
        }
        assertEquals("bundle events after unauthorised restarts", List.of(), events.typesFor(connector));
    }

    @Test
    public void restartOfUnknownComponentIs404() throws Exception {
        String token = server.adminToken();
        HttpResponse<String> response = admin.send("POST", "/components/no-such-component/restart", token);
        assertEquals(AdminClient.describe(response), 404, response.statusCode());
    }

    // --- the microreboot check ---------------------------------------------------------------------------------------

    /** One way of microrebooting a bundle; returns once the reboot has been asked for (it may still be running). */
    @FunctionalInterface
    private interface Reboot {
        void reboot(Bundle bundle) throws Exception;
    }

    private void microreboot(String area, Reboot reboot) throws Exception {
        Bundle target = bundle(area);
        assertEquals(target.getSymbolicName() + " state before the reboot", Bundle.ACTIVE, target.getState());
        // Serve once first so that lazily started threads (connector workers) exist and are recorded.
        server.awaitServing();
        Map<Long, String> before = snapshot();
        List<Thread> oldThreads = threadsOf(area);
        if (area.equals("connector")) {
            assertFalse("no live rebound-connector-* thread before the reboot", oldThreads.isEmpty());
        }

        BundleEventRecorder events = new BundleEventRecorder();
        context().addBundleListener(events);
        try {
            reboot.reboot(target);
            List<Integer> expected = List.of(BundleEvent.STOPPING, BundleEvent.STOPPED, BundleEvent.STARTED);
            Await.until(target.getSymbolicName() + " to stop and start again", () -> {
                List<Integer> seen = events.typesFor(target);
                if (target.getState() != Bundle.ACTIVE || !isSubsequence(expected, seen)) {
                    throw new AssertionError("state " + stateName(target.getState()) + ", events "
                            + seen.stream().map(BundleEventRecorder::typeName).collect(Collectors.toList()));
                }
                return true;
            });

            server.awaitServing();

            Map<Long, String> after = snapshot();
            assertEquals(target.getSymbolicName() + " after the reboot", before.get(target.getBundleId()),
                    after.get(target.getBundleId()));
            assertEquals("bundles (id: name state) other than " + target.getSymbolicName() + " changed",
                    withoutKey(before, target.getBundleId()), withoutKey(after, target.getBundleId()));
            List<String> disturbed = events.othersThan(target, DISTURBING_EVENTS);
            assertEquals("lifecycle events for bundles other than " + target.getSymbolicName(), List.of(), disturbed);
        } finally {
            context().removeBundleListener(events);
        }

        awaitDead(oldThreads, target.getSymbolicName());
    }

    /** The framework's own microreboot: stop, refresh (asynchronous: wait for PACKAGES_REFRESHED), start. */
    private void stopRefreshStart(Bundle bundle) throws Exception {
        bundle.stop();
        FrameworkWiring wiring = context().getBundle(0).adapt(FrameworkWiring.class);
        CompletableFuture<FrameworkEvent> refreshed = new CompletableFuture<>();
        wiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.complete(event);
            }
        });
        try {
            refreshed.get(REFRESH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail("no PACKAGES_REFRESHED within " + REFRESH_TIMEOUT.toMillis() + " ms of refreshing "
                    + bundle.getSymbolicName());
        }
        bundle.start();
    }

    private Reboot adminRestart(String name) {
        return bundle -> {
            String token = server.adminToken();
            HttpResponse<String> response = admin.send("POST", "/components/" + name + "/restart", token);
            assertEquals(AdminClient.describe(response), 200, response.statusCode());
            assertTrue(AdminClient.describe(response), response.headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/json"));
            Map<?, ?> json = (Map<?, ?>) Json.parse(response.body());
            assertEquals(AdminClient.describe(response), name, json.get("name"));
            Object duration = json.get("durationMillis");
            assertTrue("durationMillis in " + response.body(),
                    duration instanceof BigDecimal && ((BigDecimal) duration).signum() >= 0);
        };
    }

    private static void awaitDead(List<Thread> threads, String owner) {
        try {
            Await.until("every old thread of " + owner + " to end", () -> threads.stream().noneMatch(Thread::isAlive));
        } catch (AssertionError e) {
            StringBuilder alive = new StringBuilder("threads of " + owner + " still alive after its microreboot:");
            for (Thread thread : threads) {
                if (thread.isAlive()) {
                    alive.append("\n  ").append(thread.getName()).append(" state ").append(thread.getState());
                    for (StackTraceElement frame : thread.getStackTrace()) {
                        alive.append("\n      at ").append(frame);
                    }
                }
            }
            AssertionError failure = new AssertionError(alive.toString());
            failure.addSuppressed(e);
            throw failure;
        }
    }

    /** Live threads following the naming convention {@code rebound-<area>-<role>}. */
    private static List<Thread> threadsOf(String area) {
        String prefix = "rebound-" + area + "-";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .collect(Collectors.toList());
    }

    /** @return every bundle as id → "symbolic-name state" */
    private static Map<Long, String> snapshot() {
        Map<Long, String> bundles = new TreeMap<>();
        for (Bundle bundle : context().getBundles()) {
            bundles.put(bundle.getBundleId(), bundle.getSymbolicName() + " " + stateName(bundle.getState()));
        }
        return bundles;
    }

    private static Map<Long, String> withoutKey(Map<Long, String> map, long key) {
        Map<Long, String> copy = new TreeMap<>(map);
        copy.remove(key);
        return copy;
    }

    private static boolean isSubsequence(List<Integer> wanted, List<Integer> seen) {
        int next = 0;
        for (int type : seen) {
            if (next < wanted.size() && wanted.get(next) == type) {
                next++;
            }
        }
        return next == wanted.size();
    }

    private static Map<String, Map<?, ?>> componentsByName(HttpResponse<String> response) {
        Object parsed = Json.parse(response.body());
        assertTrue("GET /components is not a JSON array: " + response.body(), parsed instanceof List);
        Map<String, Map<?, ?>> byName = new TreeMap<>();
        for (Object element : (List<?>) parsed) {
            assertTrue("element of GET /components is not an object: " + element, element instanceof Map);
            Map<?, ?> component = (Map<?, ?>) element;
            byName.put(String.valueOf(component.get("name")), component);
        }
        return byName;
    }

    private static Bundle bundle(String area) {
        String symbolicName = "io.rebound." + area;
        return Arrays.stream(context().getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    private static String stateName(int state) {
        switch (state) {
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "STATE-" + state;
        }
    }

    private static BundleContext context() {
        return FrameworkUtil.getBundle(MicrorebootIT.class).getBundleContext();
    }
}
