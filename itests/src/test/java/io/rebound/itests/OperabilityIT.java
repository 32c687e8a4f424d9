package io.rebound.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The operability endpoints on the public port (health and its probes, metrics, the dashboard) in each state they
 * report, and the admin API's authentication, in the assembled server.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OperabilityIT {

    private static final String EXIT_CODE_PROPERTY = "rebound.exit.code";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private RunningServer server;
    private AdminClient admin;

    @Configuration
    public Option[] config() {
        return ReboundOptions.config();
    }

    @Before
    public void serverIsUp() {
        server = RunningServer.await(context());
        admin = new AdminClient(client, server);
        // Every component ACTIVE (an earlier test may have left one recovering).
        Await.until("GET /health to answer 200", () -> get("/health", null).statusCode() == 200);
    }

    private static BundleContext context() {
        return FrameworkUtil.getBundle(OperabilityIT.class).getBundleContext();
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.http(path)).timeout(Duration.ofSeconds(10));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Double> metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics", null);
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElse(""));
        return PrometheusSamples.parse(response.body());
    }

    @Test
    public void healthAndItsProbesAreOkWhenEverythingIsActive() throws Exception {
        for (String path : new String[] { "/health", "/health/ready", "/health/live" }) {
            HttpResponse<String> response = get(path, null);
            assertEquals(path, 200, response.statusCode());
            assertEquals(path, "OK\n", response.body());
            assertEquals(path, "no-store", response.headers().firstValue("Cache-Control").orElse(""));
        }
        HttpResponse<String> json = get("/health/ready", "application/json");
        assertEquals("application/json", json.headers().firstValue("Content-Type").orElse(""));
        assertTrue(json.body(), json.body().startsWith("{\"status\":\"UP\",\"live\":true,\"ready\":true,"));
        assertEquals(404, get("/health/other", null).statusCode());
    }

    @Test
    public void aFailedComponentTakesTheServerOutOfRotationWithoutMakingItDead() throws Exception {
        ConfigurationAdmin configurations = context().getService(
                context().getServiceReference(ConfigurationAdmin.class));
        org.osgi.service.cm.Configuration policy = configurations.createFactoryConfiguration(
                "io.rebound.recovery.policy", "?");
        try {
            // A temporary component is not restarted: its first failure leaves it FAILED.
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("component", "files");
            properties.put("restart.type", "temporary");
            policy.update(properties);
            RunningServer.waitForService(context(), "(&(objectClass=io.rebound.recovery.internal.ComponentPolicy)"
                    + "(component=files)(restart.type=temporary))", "the temporary policy of files");

            HttpResponse<String> injected = admin.send("POST", "/faults/files?kind=exception", server.adminToken());
            assertEquals(AdminClient.describe(injected), 202, injected.statusCode());
            get("/", null);
            HttpResponse<String> ready = Await.until("/health/ready to answer 503", () -> {
                HttpResponse<String> r = get("/health/ready", null);
                return r.statusCode() == 503 ? r : null;
            });
            assertEquals("NOT READY FAILED components: files=FAILED\n", ready.body());
            assertEquals(503, get("/health", null).statusCode());
            assertEquals("FAILING files=FAILED\n", get("/health", null).body());
            assertEquals("recovery gave up on a component, not on the process", 200,
                    get("/health/live", null).statusCode());
            Map<String, Double> m = metrics();
            assertEquals(1.0, PrometheusSamples.value(m,
                    "rebound_component_state{component=\"files\",state=\"FAILED\"}"), 0);
            assertEquals(1.0, PrometheusSamples.value(m, "rebound_recoveries_total{result=\"FAILED\"}"), 0);
        } finally {
            policy.delete();
            HttpResponse<String> restart = admin.send("POST", "/components/files/restart", server.adminToken());
            assertEquals(AdminClient.describe(restart), 200, restart.statusCode());
        }
        Await.until("/health/ready to answer 200 after the operator restart",
                () -> get("/health/ready", null).statusCode() == 200);
    }

    @Test
    public void aComponentThatRefusesItsConfigurationIsLeftDownUntilTheConfigurationIsCorrected() throws Exception {
        ReboundAdmin recovery = new ReboundAdmin(server);
        int restarts = recovery.restarts("files");
        int known = recovery.recoveries().size();
        ConfigurationAdmin configurations = context().getService(
                context().getServiceReference(ConfigurationAdmin.class));
        org.osgi.service.cm.Configuration files = configurations.getConfiguration("io.rebound.files", "?");
        try {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("max.age.seconds", "a minute");
            files.update(properties);
            Map<?, ?> refused = Await.until("the refused configuration in GET /recoveries", () -> {
                List<Map<?, ?>> after = recovery.recoveriesAfter(known);
                return after.isEmpty() ? null : after.get(0);
            });
            assertEquals("files", refused.get("name"));
            assertEquals("FAILED", refused.get("result"));
            assertTrue(refused.toString(), String.valueOf(refused.get("action"))
                    .startsWith("not restarted: invalid configuration"));
            assertTrue(refused.toString(), String.valueOf(refused.get("cause"))
                    .contains("io.rebound.files: max.age.seconds must be an integer, got \"a minute\""));
            // This record is the decision a microreboot would otherwise have been: none was made.
            assertEquals(restarts, recovery.restarts("files"));
            assertEquals("FAILED", recovery.state("files"));
            HttpResponse<String> root = get("/", null);
            assertEquals(root.body(), 503, root.statusCode());
            assertEquals(503, get("/health/ready", null).statusCode());
            assertEquals("a configuration error is not a dead process", 200, get("/health/live", null).statusCode());
        } finally {
            files.delete();
        }
        Await.until("files ACTIVE again with its configuration corrected",
                () -> recovery.state("files").equals("ACTIVE"));
        Await.until("GET / to answer 200", () -> get("/", null).statusCode() == 200);
        assertEquals("DS brought it back with the corrected configuration, not a restart", restarts,
                recovery.restarts("files"));
        assertEquals(known + 1, recovery.recoveries().size());
    }

    @Test
    public void onlyGivingUpOnTheProcessMakesItNotLive() throws Exception {
        // What escalation sets just before it stops the framework with exit code 75 (this framework runs in the
        // test's JVM, so the test can set it without stopping anything).
        System.setProperty(EXIT_CODE_PROPERTY, "75");
        try {
            HttpResponse<String> live = get("/health/live", null);
            assertEquals(503, live.statusCode());
            assertTrue(live.body(), live.body().startsWith("DOWN recovery gave up on the process"));
            assertEquals(503, get("/health/ready", null).statusCode());
        } finally {
            System.clearProperty(EXIT_CODE_PROPERTY);
        }
        assertEquals(200, get("/health/live", null).statusCode());
    }

    @Test
    public void metricsCountRequestsByStatusClassAndRestartsPerComponent() throws Exception {
        Map<String, Double> before = metrics();
        double ok = PrometheusSamples.value(before, "rebound_http_requests_total{code=\"2xx\"}");
        double notFound = PrometheusSamples.value(before, "rebound_http_requests_total{code=\"4xx\"}");
        double latencies = PrometheusSamples.value(before, "rebound_http_request_duration_seconds_count");
        double restarts = PrometheusSamples.value(before, "rebound_component_restarts_total{component=\"parser\"}");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get(TestDocroot.INDEX, null).statusCode());
        }
        assertEquals(404, get("/no-such-file", null).statusCode());
        HttpResponse<String> restart = admin.send("POST", "/components/parser/restart", server.adminToken());
        assertEquals(AdminClient.describe(restart), 200, restart.statusCode());

        // The connector hands a record over after the response is on the wire: poll.
        Map<String, Double> after = Await.until("the requests and the restart to show in /metrics", () -> {
            Map<String, Double> m = metrics();
            return PrometheusSamples.value(m, "rebound_http_requests_total{code=\"4xx\"}") >= notFound + 1
                    && PrometheusSamples.value(m, "rebound_http_requests_total{code=\"2xx\"}") >= ok + 3 ? m : null;
        });
        assertTrue(PrometheusSamples.value(after, "rebound_http_request_duration_seconds_count") >= latencies + 4);
        assertEquals(PrometheusSamples.value(after, "rebound_http_request_duration_seconds_count"),
                PrometheusSamples.value(after, "rebound_http_request_duration_seconds_bucket{le=\"+Inf\"}"), 0);
        assertEquals(restarts + 1,
                PrometheusSamples.value(after, "rebound_component_restarts_total{component=\"parser\"}"), 0);
        assertEquals(1.0, PrometheusSamples.value(after,
                "rebound_component_state{component=\"parser\",state=\"ACTIVE\"}"), 0);
        assertTrue(after.containsKey("rebound_leaked_threads"));
        assertTrue(after.containsKey("rebound_recovery_duration_seconds_count"));
        assertTrue(after.containsKey("rebound_recovery_detection_seconds_count"));
    }

    @Test
    public void statusPageIsSelfContainedAndShowsEveryComponent() throws Exception {
        HttpResponse<String> page = get("/status", null);
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'none'"));
        HttpResponse<String> components = admin.send("GET", "/components", server.adminToken());
        for (Object component : (List<?>) Json.parse(components.body())) {
            String name = String.valueOf(((Map<?, ?>) component).get("name"));
            assertTrue(name + " missing from /status", page.body().contains("<tr data-component=\"" + name + "\""));
        }
        assertTrue(page.body().contains("<svg id=\"graph\""));
        assertTrue(page.body().contains("<svg id=\"timeline\""));
    }

    @Test
    public void adminNeedsTheTokenFromAMode0600File() throws Exception {
        assertEquals(401, admin.send("GET", "/components", null).statusCode());
        assertEquals(401, admin.send("GET", "/components", "0".repeat(64)).statusCode());
        assertEquals(200, admin.send("GET", "/components", server.adminToken()).statusCode());
        if (System.getenv("REBOUND_ADMIN_TOKEN") == null) {
            Path file = server.data().resolve("admin.token");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }
}
