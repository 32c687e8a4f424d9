package io.rebound.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * No false alarms: a healthy server under steady traffic for about ten seconds — with the quick detection the
 * fault tests use — restarts nothing, records no recovery, and no bundle or DS component so much as moves.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QuietIT {

    private static final Duration OBSERVATION = Duration.ofSeconds(10);
    /** What each client asks for, and the one status it must always get. */
    private static final Map<String, Integer> PATHS = Map.of(TestDocroot.INDEX, 200, TestDocroot.ONE_KIB, 200,
            TestDocroot.HUNDRED_KIB, 200, "/no-such-file", 404, "/health", 200);

    @Configuration
    public Option[] config() {
        return ReboundOptions.config();
    }

    @Test
    public void healthyServerUnderTrafficIsLeftAlone() throws Exception {
        RunningServer server = RunningServer.await(context());
        ReboundAdmin admin = new ReboundAdmin(server);
        assertEquals("recoveries of a server that just started", List.of(), admin.recoveries());
        RecoveryTuning.configureDefaults(context(), FaultRecoveryIT.FAST_DETECTION);
        admin.awaitAnswering();
        server.awaitServing();

        Map<String, Traffic> clients = new LinkedHashMap<>();
        BundleEventRecorder events = new BundleEventRecorder();
        SystemSnapshot before = SystemSnapshot.take(context());
        context().addBundleListener(events);
        try {
            PATHS.keySet().forEach(path -> clients.put(path, Traffic.start(server.httpPort(), path)));
            long end = System.nanoTime() + OBSERVATION.toNanos();
            // Watching for a while is the point: a false alarm may come at any moment of it.
            while (System.nanoTime() - end < 0) {
                List<Map<?, ?>> recoveries = admin.recoveries();
                if (!recoveries.isEmpty()) {
                    fail("a healthy server under traffic was 'recovered': " + recoveries + "; " + clients.values());
                }
                Thread.sleep(200);
            }
        } finally {
            clients.values().forEach(Traffic::close);
            context().removeBundleListener(events);
        }

        clients.forEach((path, client) -> {
            Map<String, Integer> outcomes = client.outcomes();
            assertEquals("answers to GET " + path + ": " + client, Set.of(String.valueOf(PATHS.get(path))),
                    outcomes.keySet());
            assertTrue("a steady stream of requests: " + client, outcomes.values().iterator().next() >= 20);
        });
        assertEquals("recoveries", List.of(), admin.recoveries());
        Map<String, Map<?, ?>> components = admin.components();
        assertTrue("the required components are listed: " + components.keySet(), components.keySet()
                .containsAll(List.of("connector", "parser", "router", "files", "accesslog")));
        for (String name : components.keySet()) {
            assertEquals(name + ": " + components.get(name), "ACTIVE", components.get(name).get("state"));
            assertEquals(name + ": " + components.get(name), 0,
                    ReboundAdmin.number(components.get(name), "restarts").intValueExact());
            assertEquals(name + ": " + components.get(name), null, components.get(name).get("lastFailure"));
        }
        assertEquals("bundle lifecycle events", List.of(), events.all(RecoveryWitness.DISTURBING_EVENTS));
        SystemSnapshot after = SystemSnapshot.take(context());
        assertEquals("bundles", before.bundles, after.bundles);
        assertEquals("DS component activations (configuration ids)", before.components, after.components);
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/health")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("GET /health: " + health.body(), 200, health.statusCode());
        System.out.println("QuietIT: nothing restarted under " + clients.values());
    }

    private static BundleContext context() {
        return Bundles.context();
    }
}
