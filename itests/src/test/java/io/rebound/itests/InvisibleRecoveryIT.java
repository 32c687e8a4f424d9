package io.rebound.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.rebound.http.api.HttpHandler;

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
import org.osgi.framework.ServiceRegistration;

/**
 * Recovery that clients do not notice, over real sockets with concurrent clients: a connector reboot under load
 * refuses and fails nothing; a request arriving while a handler's bundle is stopped is held and answered once it is
 * back; a non-idempotent request whose handler crashes gets 503 with Retry-After and is not repeated; a circuit
 * breaker answers at once while open and closes after a good probe; a leaking component is rejuvenated before any
 * request fails. One framework per test: each reconfigures or faults something the next must not inherit.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class InvisibleRecoveryIT {

    /** Files of three sizes, so that a body cut short or served from the wrong file shows. */
    private static final String[] FILES = { TestDocroot.INDEX, TestDocroot.ONE_KIB, TestDocroot.HUNDRED_KIB };
    /** Enough reboots that a race in the hand-over between connector instances shows within one run. */
    private static final int CONNECTOR_REBOOTS = 10;
    /** A rejuvenation is planned well before a limit is reached: a few seconds at the leak's pace of 5 threads/s. */
    private static final Duration REJUVENATION = Duration.ofSeconds(30);
    /** Longer than the router's leak takes to be seen as aging (16 threads at 5 a second, seen within a second). */
    private static final long FILES_HANG_DEADLINE_MILLIS = 8_000;

    private RunningServer server;
    private ReboundAdmin admin;

    @Configuration
    public Option[] config() {
        return ReboundOptions.config();
    }

    @Before
    public void serverIsUp() {
        server = RunningServer.await(context());
        admin = new ReboundAdmin(server);
        admin.awaitAnswering();
    }

    // (a) ---------------------------------------------------------------------------------------------------------

    /**
     * Operator restarts of the connector while keep-alive and fresh-connection clients keep requesting: the
     * listening socket stays open (new connections wait in the backlog), idle connections are handed to the next
     * connector instance, requests under way finish. No connection may be refused and no request fail.
     */
    @Test
    public void connectorRebootUnderLoadRefusesNoConnectionAndFailsNoRequest() throws Exception {
        int restartsBefore = admin.restarts("connector");
        try (ClientCrowd crowd = ClientCrowd.start(server.httpPort(), 4, 4, FILES)) {
            crowd.awaitEveryClientServed("before the first reboot");
            for (int i = 1; i <= CONNECTOR_REBOOTS; i++) {
                long took = admin.restart("connector");
                crowd.awaitEveryClientServed("after connector reboot " + i + " (" + took + " ms)");
            }
            assertEquals("connector restarts", restartsBefore + CONNECTOR_REBOOTS, admin.restarts("connector"));
            assertEquals("what the clients saw across " + CONNECTOR_REBOOTS + " connector reboots: " + crowd,
                    List.of(), crowd.failures());
            System.out.println("InvisibleRecoveryIT: " + CONNECTOR_REBOOTS + " connector reboots under load; "
                    + crowd.ok() + " requests answered, none failed");
        }
    }

    // (b) ---------------------------------------------------------------------------------------------------------

    /**
     * The files bundle is stopped (by an operator: the supervisor leaves it alone), a GET comes in and waits in the
     * router for the handler of its path; the bundle starts again and the held GET gets 200 with the file.
     */
    @Test
    public void requestHeldWhileHandlerIsAwaySucceedsWhenItIsBack() throws Exception {
        // A hold time far above what a slow CI machine needs between seeing the request held and the start.
        org.osgi.service.cm.Configuration router = RouterTuning.configure(context(), Map.of("hold.millis", 20_000L));
        try {
            server.awaitServing();
            Bundle files = Bundles.component("files");
            files.stop();
            try {
                long sent = System.nanoTime();
                CompletableFuture<RawResponse> get = CompletableFuture.supplyAsync(() -> fetch(TestDocroot.ONE_KIB));
                Thread held = Await.until("the GET to wait in the router for the files handler",
                        InvisibleRecoveryIT::threadHeldByRouter);
                assertFalse("the GET was answered while no files handler was there: " + get.getNow(null),
                        get.isDone());
                files.start();
                long startedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
                RawResponse response = get.get(30, TimeUnit.SECONDS);
                assertEquals("the held GET: " + response, 200, response.status());
                assertArrayEquals("body of the held GET", TestDocroot.content(TestDocroot.ONE_KIB), response.body());
                System.out.println("InvisibleRecoveryIT: GET held on " + held.getName() + " for the files handler,"
                        + " answered 200 after its bundle started (" + startedMillis + " ms after sending)");
            } finally {
                if (files.getState() != Bundle.ACTIVE) {
                    files.start();
                }
            }
        } finally {
            RouterTuning.remove(router);
        }
    }

    // (c) ---------------------------------------------------------------------------------------------------------

    /**
     * A POST whose handler crashes before answering: not idempotent, so the router must neither repeat it on a
     * replacement nor pass the crash on as a reset connection, but answer 503 with Retry-After.
     */
    @Test
    public void nonIdempotentRequestWhoseHandlerCrashesGets503WithRetryAfter() throws Exception {
        FailingHandler handler = new FailingHandler(Integer.MAX_VALUE, 0);
        ServiceRegistration<HttpHandler> registration = register("/itest-post-crash", handler, "POST");
        try {
            RawResponse response;
            try (RawConnection connection = RawConnection.open(server.httpPort())) {
                connection.send("POST /itest-post-crash HTTP/1.1\r\nHost: itest\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 11\r\n\r\nhello world");
                response = connection.read(false);
            }
            assertEquals("POST to a crashing handler: " + response, 503, response.status());
            String retryAfter = response.header("Retry-After");
            assertNotNull("503 without Retry-After: " + response, retryAfter);
            assertTrue("Retry-After must be a number of seconds: " + response,
                    retryAfter.matches("\\d+") && Long.parseLong(retryAfter) >= 1);
            assertEquals("handler calls for one non-idempotent request", 1, handler.calls());
        } finally {
            registration.unregister();
        }
    }

    // (d) ---------------------------------------------------------------------------------------------------------

    /**
     * A handler that keeps failing (each failure taking a second) opens its route's breaker after 3 failures; while
     * open the route answers 503 with Retry-After at once, without calling the handler; after 500 ms one probe goes
     * through, succeeds, and the breaker closes.
     */
    @Test
    public void openBreakerAnswersFastAndClosesAfterAGoodProbe() throws Exception {
        org.osgi.service.cm.Configuration router = RouterTuning.configure(context(),
                Map.of("breaker.failures", 3, "breaker.open.millis", 500L));
        long failMillis = 1000;
        FailingHandler handler = new FailingHandler(3, failMillis);
        ServiceRegistration<HttpHandler> registration = register("/itest-breaker", handler, "POST");
        try (RawConnection connection = RawConnection.open(server.httpPort())) {
            long openedAt = 0;
            for (int i = 1; i <= 3; i++) {
                // The breaker opens during the third request: no earlier than it was sent.
                openedAt = System.nanoTime();
                RawResponse failed = post(connection, "/itest-breaker");
                assertEquals("failure " + i + ": " + failed, 503, failed.status());
            }
            assertEquals("calls of the failing handler", 3, handler.calls());

            long asked = System.nanoTime();
            RawResponse open = post(connection, "/itest-breaker");
            long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
            assertEquals("with the breaker open: " + open, 503, open.status());
            assertNotNull("503 of an open breaker without Retry-After: " + open, open.header("Retry-After"));
            assertEquals("the open breaker let a call through to the handler", 3, handler.calls());
            assertTrue("an open breaker answers at once, not after a call of the handler (" + failMillis
                    + " ms): took " + openMillis + " ms", openMillis < failMillis);

            // Requests while open are answered 503 without a call; the first after the open period is the probe.
            RawResponse closed = Await.until("the breaker to let a probe through and close", () -> {
                RawResponse r = post(connection, "/itest-breaker");
                return r.status() == 200 ? r : null;
            });
            long probeAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAt);
            assertEquals("the probe's answer", "ok 4", closed.bodyText().trim());
            assertEquals("calls: 3 failures and one probe, none while open", 4, handler.calls());
            assertTrue("the probe came before the open period of 500 ms ended: after " + probeAfterMillis + " ms",
                    probeAfterMillis >= 500);
            for (int i = 0; i < 5; i++) {
                RawResponse again = post(connection, "/itest-breaker");
                assertEquals("after the breaker closed: " + again, 200, again.status());
            }
            assertEquals("calls after the breaker closed", 9, handler.calls());
        } finally {
            registration.unregister();
            RouterTuning.remove(router);
        }
    }

    // (e) ---------------------------------------------------------------------------------------------------------

    /**
     * The files component starts leaking threads and memory: the supervisor sees its threads grow and rejuvenates
     * it (a drained, planned microreboot) before anything fails, while clients keep getting every file.
     */
    @Test
    public void leakIsRejuvenatedBeforeAnyRequestFails() throws Exception {
        int known = admin.recoveries().size();
        try (ClientCrowd crowd = ClientCrowd.start(server.httpPort(), 3, 3, FILES)) {
            crowd.awaitEveryClientServed("before the leak");
            admin.injectAccepted("files", "leak");
            // A failed request ends the wait at once (an empty map), to be reported below.
            Map<?, ?> record = Await.until("a rejuvenation of files in GET /recoveries (" + crowd + ")", REJUVENATION,
                    () -> !crowd.failures().isEmpty() ? Map.of()
                            : admin.recoveriesAfter(known).stream().filter(r -> "files".equals(r.get("name")))
                                    .findFirst().orElse(null));
            assertEquals("requests failed before the leak was rejuvenated: " + crowd, List.of(), crowd.failures());
            assertTrue("the first recovery of the leaking files is a rejuvenation: " + record,
                    ReboundAdmin.text(record, "action").startsWith("rejuvenation"));
            assertTrue("a rejuvenation's cause is aging: " + record,
                    ReboundAdmin.text(record, "cause").startsWith("aging"));
            assertEquals("result of " + record, "RECOVERED", record.get("result"));
            crowd.awaitEveryClientServed("after the rejuvenation");
            List<Thread> leaking = ReboundThreads.live("rebound-files-leak");
            Await.until("the leaking threads of files to end" + ReboundThreads.describeAlive(leaking),
                    () -> leaking.stream().noneMatch(Thread::isAlive));
            assertEquals("what the clients saw through the leak and its rejuvenation: " + crowd, List.of(),
                    crowd.failures());
            List<Map<?, ?>> records = admin.recoveriesAfter(known);
            assertEquals("one planned reboot, no failure-driven recovery: " + records, 1, records.size());
            System.out.println("InvisibleRecoveryIT: leak of files rejuvenated: " + record + "; " + crowd.ok()
                    + " requests answered, none failed");
        }
    }

    // (f) ---------------------------------------------------------------------------------------------------------

    /**
     * A request hangs in files, inside the router's call, while the router leaks. Stopping the router then would
     * hold every request until that call ends, and only the hang's detection ends it: the router's planned reboot
     * must wait until files is recovered, and must not keep the hang from being detected on time meanwhile.
     */
    @Test
    public void rejuvenationWaitsForAHungCalleeAndTheHangIsStillDetectedOnTime() throws Exception {
        org.osgi.service.cm.Configuration policy = RecoveryTuning.addPolicy(context(), "files",
                Map.of("hang.deadline.millis", FILES_HANG_DEADLINE_MILLIS));
        try (ClientCrowd crowd = ClientCrowd.start(server.httpPort(), 2, 1, TestDocroot.INDEX)) {
            crowd.awaitEveryClientServed("before the faults");
            int known = admin.recoveries().size();
            admin.injectAccepted("files", "hang");
            CompletableFuture<RawResponse> get = CompletableFuture.supplyAsync(() -> fetch(TestDocroot.ONE_KIB));
            Await.until("a request to hang in files", InvisibleRecoveryIT::threadHungInFiles);
            admin.injectAccepted("router", "leak");

            Map<?, ?> filesRecord = Await.until("the hang of files in GET /recoveries (" + crowd + ")",
                    Duration.ofMillis(FILES_HANG_DEADLINE_MILLIS * 3), () -> recoveryOf("files", known));
            Map<?, ?> routerRecord = Await.until("a rejuvenation of the router in GET /recoveries (" + crowd + ")",
                    REJUVENATION, () -> recoveryOf("router", known));
            long detection = ReboundAdmin.number(filesRecord, "detectionMillis").longValueExact();
            assertTrue("the hang of files is detected at its deadline of " + FILES_HANG_DEADLINE_MILLIS
                    + " ms, not held up by the router's reboot: " + filesRecord,
                    detection >= FILES_HANG_DEADLINE_MILLIS && detection < FILES_HANG_DEADLINE_MILLIS + 2_000);
            assertTrue("the router's rejuvenation: " + routerRecord,
                    ReboundAdmin.text(routerRecord, "action").startsWith("rejuvenation"));
            assertFalse("the router is rejuvenated after files recovered (" + filesRecord + "), not while the call"
                    + " it drains is hung: " + routerRecord,
                    Instant.parse(ReboundAdmin.text(routerRecord, "detectedAt"))
                            .isBefore(Instant.parse(ReboundAdmin.text(filesRecord, "recoveredAt"))));
            assertTrue("the router's planned reboot held requests no longer than a reboot takes: " + routerRecord,
                    ReboundAdmin.number(routerRecord, "durationMillis").longValueExact() < 2_000);

            RawResponse response = get.get(30, TimeUnit.SECONDS);
            assertEquals("the request that hung in files, retried on its replacement: " + response, 200,
                    response.status());
            assertArrayEquals("body of the retried GET", TestDocroot.content(TestDocroot.ONE_KIB), response.body());
            crowd.awaitEveryClientServed("after both recoveries");
            assertEquals("what the other clients saw: " + crowd, List.of(), crowd.failures());
            System.out.println("InvisibleRecoveryIT: files hang detected in " + detection + " ms while the router"
                    + " leaked: " + filesRecord + "; then " + routerRecord + "; " + crowd.ok() + " requests answered");
        } finally {
            RecoveryTuning.removePolicy(context(), policy);
        }
    }

    private Map<?, ?> recoveryOf(String name, int known) throws IOException {
        return admin.recoveriesAfter(known).stream().filter(r -> name.equals(r.get("name"))).findFirst()
                .orElse(null);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private RawResponse fetch(String path) {
        try (RawConnection connection = RawConnection.open(server.httpPort(), Duration.ofSeconds(60))) {
            connection.send("GET " + path + " HTTP/1.1\r\nHost: itest\r\nConnection: close\r\n\r\n");
            return connection.read(false);
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        }
    }

    private static RawResponse post(RawConnection connection, String path) throws IOException {
        connection.send("POST " + path + " HTTP/1.1\r\nHost: itest\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 2\r\n\r\nhi");
        return connection.read(false);
    }

    /**
     * A connector thread waiting in the router's hold for a handler that went away (white-box: the router's
     * {@code HandlerGate.await}), or {@code null}: the proof that the request is held rather than answered.
     */
    private static Thread threadHeldByRouter() {
        return threadWhoseStack(stack -> has(stack, "io.rebound.router.internal.HandlerGate", "await"));
    }

    /** A thread parked by an injected hang in the files bundle's code, or {@code null}. */
    private static Thread threadHungInFiles() {
        return threadWhoseStack(stack -> has(stack, "io.rebound.recovery.api.FaultSwitch", "hang")
                && Arrays.stream(stack).anyMatch(frame -> frame.getClassName().startsWith("io.rebound.files.")));
    }

    /** @return a live thread whose stack passes {@code test}, or {@code null} */
    private static Thread threadWhoseStack(Predicate<StackTraceElement[]> test) {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (test.test(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    private static boolean has(StackTraceElement[] stack, String className, String methodName) {
        return Arrays.stream(stack)
                .anyMatch(frame -> frame.getClassName().equals(className) && frame.getMethodName().equals(methodName));
    }

    /** Registers a test handler and waits until the router routes to it (it answers something other than 404). */
    private ServiceRegistration<HttpHandler> register(String path, HttpHandler handler, String... methods) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(HttpHandler.PATH, path);
        properties.put(HttpHandler.METHODS, methods);
        ServiceRegistration<HttpHandler> registration = context().registerService(HttpHandler.class, handler,
                properties);
        try {
            // A GET to a POST-only route is 405 once the route is there (404 before): no call of the handler.
            Await.until("the router to route " + path, () -> {
                try (RawConnection connection = RawConnection.open(server.httpPort())) {
                    connection.send("GET " + path + " HTTP/1.1\r\nHost: itest\r\nConnection: close\r\n\r\n");
                    return connection.read(false).status() == 405;
                }
            });
        } catch (AssertionError e) {
            registration.unregister();
            throw e;
        }
        return registration;
    }

    private static BundleContext context() {
        return Bundles.context();
    }
}
