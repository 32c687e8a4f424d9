package io.rebound.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Assume;
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

/**
 * Injects every fault into every component through the admin API while GET requests flow, and checks that the
 * recovery manager detects it, microreboots that component's bundle and nothing else, records the recovery, and
 * that the server serves again. A slow component (calls taking seconds, but less than the hang deadline) must be
 * left alone.
 *
 * <p>One framework for the class: every test leaves its component rebooted by an operator restart (which also ends
 * a fault that did not strike), so the next test starts from a healthy server.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FaultRecoveryIT {

    /** Above the 2 s that a slow component's call takes, so that slow is not taken for hung. */
    static final long HANG_DEADLINE_MILLIS = 4_000;
    /**
     * Quick detection for tests: a short hang deadline, no backoff, and a restart intensity no sequence of tests in
     * one framework reaches (escalation has its own test).
     */
    static final Map<String, Object> FAST_DETECTION = Map.of("hang.deadline.millis", HANG_DEADLINE_MILLIS,
            "backoff.initial.millis", 0L, "max.restarts", 1000);
    /** The slowest detection is a leak: about one thread a second against a limit of the current count + 5. */
    private static final Duration DETECTION = Duration.ofSeconds(20);
    /** Long enough to see several slow calls, and longer than the hang deadline. */
    private static final Duration SLOW_OBSERVATION = Duration.ofMillis(HANG_DEADLINE_MILLIS + 2_500);
    /** Each slow call takes 2 s (FAULT_SLOW_MILLIS of the components); allow for timer slack. */
    private static final long SLOW_CALL_MILLIS = 1_800;

    private RunningServer server;
    private ReboundAdmin admin;
    private String faulted;
    private org.osgi.service.cm.Configuration policy;

    @Configuration
    public Option[] config() {
        return ReboundOptions.config();
    }

    @Before
    public void fastDetection() throws Exception {
        server = RunningServer.await(context());
        RecoveryTuning.configureDefaults(context(), FAST_DETECTION);
        admin = new ReboundAdmin(server);
        admin.awaitAnswering();
    }

    /** Ends whatever the test left behind: a fault that did not strike (or slowness) ends with an operator restart. */
    @After
    public void rebootFaultedComponent() throws Exception {
        try {
            if (policy != null) {
                RecoveryTuning.removePolicy(context(), policy);
            }
            if (faulted != null) {
                admin.restart(faulted);
                server.awaitServing();
            }
        } catch (Exception | AssertionError e) {
            // Not to hide the test's own failure: the next test fails on its own if the server stays broken.
            System.err.println("cleanup after a FaultRecoveryIT test failed: " + e);
        }
    }

    // --- parser ---------------------------------------------------------------------------------------------------

    @Test
    public void parserCrashIsRecovered() throws Exception {
        recovers("parser", "crash");
    }

    @Test
    public void parserHangIsRecovered() throws Exception {
        recovers("parser", "hang");
    }

    @Test
    public void parserExceptionIsRecovered() throws Exception {
        recovers("parser", "exception");
    }

    @Test
    public void parserLeakIsRecovered() throws Exception {
        recovers("parser", "leak");
    }

    @Test
    public void slowParserIsLeftAlone() throws Exception {
        leftAloneWhenSlow("parser");
    }

    // --- router ---------------------------------------------------------------------------------------------------

    @Test
    public void routerCrashIsRecovered() throws Exception {
        recovers("router", "crash");
    }

    @Test
    public void routerHangIsRecovered() throws Exception {
        recovers("router", "hang");
    }

    @Test
    public void routerExceptionIsRecovered() throws Exception {
        recovers("router", "exception");
    }

    @Test
    public void routerLeakIsRecovered() throws Exception {
        recovers("router", "leak");
    }

    @Test
    public void slowRouterIsLeftAlone() throws Exception {
        leftAloneWhenSlow("router");
    }

    // --- files ----------------------------------------------------------------------------------------------------

    @Test
    public void filesCrashIsRecovered() throws Exception {
        recovers("files", "crash");
    }

    @Test
    public void filesHangIsRecovered() throws Exception {
        recovers("files", "hang");
    }

    @Test
    public void filesExceptionIsRecovered() throws Exception {
        recovers("files", "exception");
    }

    @Test
    public void filesLeakIsRecovered() throws Exception {
        recovers("files", "leak");
    }

    @Test
    public void slowFilesAreLeftAlone() throws Exception {
        leftAloneWhenSlow("files");
    }

    // --- accesslog ------------------------------------------------------------------------------------------------

    @Test
    public void accesslogCrashIsRecovered() throws Exception {
        recovers("accesslog", "crash");
    }

    @Test
    public void accesslogHangIsRecovered() throws Exception {
        recovers("accesslog", "hang");
    }

    @Test
    public void accesslogExceptionIsRecovered() throws Exception {
        recovers("accesslog", "exception");
    }

    @Test
    public void accesslogLeakIsRecovered() throws Exception {
        recovers("accesslog", "leak");
    }

    @Test
    public void slowAccesslogIsLeftAlone() throws Exception {
        leftAloneWhenSlow("accesslog");
    }

    // --- connector ------------------------------------------------------------------------------------------------

    @Test
    public void connectorCrashIsRecovered() throws Exception {
        recovers("connector", "crash");
    }

    @Test
    public void connectorHangIsRecovered() throws Exception {
        recovers("connector", "hang");
    }

    @Test
    public void connectorExceptionIsRecovered() throws Exception {
        recovers("connector", "exception");
    }

    @Test
    public void connectorLeakIsRecovered() throws Exception {
        recovers("connector", "leak");
    }

    @Test
    public void slowConnectorIsLeftAlone() throws Exception {
        leftAloneWhenSlow("connector");
    }

    // --- the checks -----------------------------------------------------------------------------------------------

    private void recovers(String name, String kind) throws Exception {
        Bundle bundle = Bundles.component(name);
        // Serve once first, so that threads started on demand (connector workers) exist before counting threads.
        server.awaitServing();
        if (kind.equals("leak")) {
            // The leak keeps starting idle threads: a limit just above today's count catches it within seconds.
            int threads = ReboundThreads.censusCount(name, bundle);
            policy = RecoveryTuning.addPolicy(context(), name, Map.of("max.threads", threads + 5));
        }
        faulted = name;
        long injectedAt = System.nanoTime();
        try (RecoveryWitness witness = RecoveryWitness.watch(context(), admin, name, bundle);
                Traffic traffic = Traffic.start(server.httpPort(), TestDocroot.INDEX)) {
            inject(name, kind);
            Map<?, ?> record = witness.awaitRecord(DETECTION, traffic);
            long recoveredWithinMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - injectedAt);

            assertEquals("result of " + record, "RECOVERED", record.get("result"));
            assertEquals("action of " + record, "microreboot " + name,
                    ReboundAdmin.text(record, "action").replaceFirst(" after \\d+ ms backoff$", ""));
            assertFalse("cause of " + record, ReboundAdmin.text(record, "cause").isBlank());
            Instant detectedAt = Instant.parse(ReboundAdmin.text(record, "detectedAt"));
            Instant recoveredAt = Instant.parse(ReboundAdmin.text(record, "recoveredAt"));
            assertFalse("recoveredAt before detectedAt in " + record, recoveredAt.isBefore(detectedAt));
            assertTrue("durationMillis of " + record, ReboundAdmin.number(record, "durationMillis").signum() >= 0);
            long detectionMillis = ReboundAdmin.number(record, "detectionMillis").longValueExact();
            if (kind.equals("hang")) {
                assertTrue("a hang is detected after the deadline of " + HANG_DEADLINE_MILLIS + " ms, not after "
                        + detectionMillis + " ms: " + record, detectionMillis >= HANG_DEADLINE_MILLIS);
            }
            if (kind.equals("leak")) {
                assertTrue("a leak is seen by the thread census: " + record,
                        ReboundAdmin.text(record, "cause").contains("threads"));
            }

            witness.awaitActiveAfter(1);
            server.awaitServing();
            witness.assertOnlyComponentRebooted();
            List<Map<?, ?>> records = witness.newRecords();
            assertEquals("one fault, one recovery: " + records, 1, records.size());
            System.out.println("FaultRecoveryIT: " + kind + " of " + name + " recovered " + recoveredWithinMillis
                    + " ms after injection: " + record + "; " + traffic);
        }
        if (kind.equals("leak")) {
            List<Thread> leaking = ReboundThreads.live("rebound-" + name + "-leak");
            Await.until("the leaking threads of " + name + " to end" + ReboundThreads.describeAlive(leaking),
                    () -> leaking.stream().noneMatch(Thread::isAlive));
        }
    }

    private void leftAloneWhenSlow(String name) throws Exception {
        Bundle bundle = Bundles.component(name);
        server.awaitServing();
        faulted = name;
        try (RecoveryWitness witness = RecoveryWitness.watch(context(), admin, name, bundle);
                Traffic traffic = Traffic.start(server.httpPort(), TestDocroot.INDEX)) {
            inject(name, "slow");
            // Watching for a while is the point here: nothing may happen during it.
            long end = System.nanoTime() + SLOW_OBSERVATION.toNanos();
            while (System.nanoTime() - end < 0) {
                List<Map<?, ?>> records = witness.newRecords();
                if (!records.isEmpty()) {
                    fail("a slow " + name + " (calls under the hang deadline) was treated as failed: " + records
                            + "; " + traffic);
                }
                Thread.sleep(100);
            }
            // Where slowness shows: in the requests, or (for the access log, which writes off the request path)
            // in how long a request takes to reach the log file.
            long slowest = traffic.maxLatencyMillis();
            if (name.equals("accesslog")) {
                slowest = Math.max(slowest, accessLogLagMillis());
            }
            assertTrue("the slow fault never struck (nothing took " + SLOW_CALL_MILLIS + " ms): " + traffic,
                    slowest >= SLOW_CALL_MILLIS);
            // Served, however slowly: a request can meet the slow component more than once (4 s instead of 2), so
            // wait for the second answer rather than expect it within the observation.
            Await.until("a slow " + name + " to keep serving: " + traffic, () -> traffic.ok() >= 2);
            assertEquals(name + " while slow", "ACTIVE", admin.state(name));
            witness.assertNothingRebooted();
            System.out.println("FaultRecoveryIT: slow " + name + " left alone; " + traffic);
        }
    }

    /** @return how long after its response a request's line appears in {@code <data>/logs/access.log} */
    private long accessLogLagMillis() throws Exception {
        Path log = server.data().resolve("logs").resolve("access.log");
        String marker = "/index.html?lag=" + System.nanoTime();
        try (RawConnection connection = RawConnection.open(server.httpPort())) {
            connection.send("GET " + marker + " HTTP/1.1\r\nHost: itest\r\nConnection: close\r\n\r\n");
            assertEquals("GET " + marker, 200, connection.read(false).status());
        }
        long answered = System.nanoTime();
        Await.until("the access log line of GET " + marker, () -> Files.isRegularFile(log)
                && Files.readString(log, StandardCharsets.ISO_8859_1).contains(marker));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
    }

    /** Injects; a kind the component declares it does not take is skipped, a refusal of every fault fails. */
    private void inject(String name, String kind) throws IOException {
        HttpResponse<String> response = admin.inject(name, kind);
        if (response.statusCode() == 409 && response.body().contains("accepts no '" + kind + "'")) {
            Assume.assumeTrue(name + " does not take '" + kind + "' faults: " + response.body(), false);
        }
        assertEquals("injecting " + kind + " into " + name + ": " + AdminClient.describe(response), 202,
                response.statusCode());
    }

    private static BundleContext context() {
        return Bundles.context();
    }
}
