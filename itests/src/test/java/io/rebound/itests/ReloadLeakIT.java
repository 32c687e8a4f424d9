package io.rebound.itests;

import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import javax.management.ObjectName;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Microreboots each component 100 times in a row through the admin API and checks that nothing accumulates: the
 * server's threads are back to what they were, and the component's first class loader — replaced by the first
 * refresh — can be garbage-collected, i.e. nothing (a thread, a ThreadLocal, a static registry in another bundle,
 * a service left registered) still holds a class of the old bundle revision. The same must hold after a hang was
 * recovered, when the supervisor has dealt with a thread it had to interrupt and abandon.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReloadLeakIT {

    private static final int REBOOTS = 100;
    private static final Duration THREADS_SETTLE = Duration.ofSeconds(30);
    private static final Duration COLLECTION = Duration.ofSeconds(15);
    /** The admin API serves on a pool of this many threads, which it keeps while it is busy. */
    private static final int ADMIN_THREADS = 4;

    private RunningServer server;
    private ReboundAdmin admin;

    @Configuration
    public Option[] config() {
        return ReboundOptions.config();
    }

    @Before
    public void serverUp() {
        server = RunningServer.await(Bundles.context());
        admin = new ReboundAdmin(server);
        admin.awaitAnswering();
    }

    @Test
    public void parserRebootsLeaveNothingBehind() throws Exception {
        rebootsLeaveNothingBehind("parser");
    }

    @Test
    public void routerRebootsLeaveNothingBehind() throws Exception {
        rebootsLeaveNothingBehind("router");
    }

    @Test
    public void filesRebootsLeaveNothingBehind() throws Exception {
        rebootsLeaveNothingBehind("files");
    }

    @Test
    public void accesslogRebootsLeaveNothingBehind() throws Exception {
        rebootsLeaveNothingBehind("accesslog");
    }

    @Test
    public void connectorRebootsLeaveNothingBehind() throws Exception {
        rebootsLeaveNothingBehind("connector");
    }

    /**
     * After a hang is recovered, the thread that was stuck in the call is interrupted and given back to its pool;
     * once its own component (the connector, whose workers make the calls) is rebooted, nothing may hold the old
     * worker, and so the connector's old class loader.
     */
    @Test
    public void connectorClassLoaderIsCollectedAfterAHangWasRecovered() throws Exception {
        RecoveryTuning.configureDefaults(Bundles.context(), FaultRecoveryIT.FAST_DETECTION);
        admin.awaitAnswering();
        server.awaitServing();
        Bundle connector = Bundles.component("connector");
        ClassLoaderWitness old = new ClassLoaderWitness(connector);
        int known = admin.recoveries().size();
        try (Traffic traffic = Traffic.start(server.httpPort(), TestDocroot.INDEX)) {
            admin.injectAccepted("files", "hang");
            Map<?, ?> record = Await.until("the hang of files to be recovered (" + traffic + ")",
                    Duration.ofSeconds(20), () -> admin.recoveriesAfter(known).stream()
                            .filter(r -> "files".equals(r.get("name"))).findFirst().orElse(null));
            assertTrue("a hang: " + record, ReboundAdmin.text(record, "cause").contains("no progress"));
        }
        server.awaitServing();
        admin.restart("connector");
        assertTrue("the connector has a new class loader", old.replaced());
        awaitCollected("connector", old, "after a hang was recovered and the connector rebooted");
        server.awaitServing();
    }

    private void rebootsLeaveNothingBehind(String name) throws Exception {
        Bundle bundle = Bundles.component(name);
        steadyPools();
        Map<String, Integer> before = threadsByRole();
        ClassLoaderWitness first = new ClassLoaderWitness(bundle);

        long started = System.nanoTime();
        for (int i = 0; i < REBOOTS; i++) {
            admin.restart(name);
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(name + " has a new class loader after its reboots", first.replaced());

        // No traffic yet: connector workers start on demand, so only now are the counts comparable.
        Map<String, Integer> after = Await.until("the rebound-* threads to be back to " + before, THREADS_SETTLE,
                () -> {
                    Map<String, Integer> now = threadsByRole();
                    return now.equals(before) ? now : null;
                });
        awaitCollected(name, first, "after " + REBOOTS + " reboots");
        server.awaitServing();
        System.out.println("ReloadLeakIT: " + REBOOTS + " reboots of " + name + " in " + tookMillis + " ms ("
                + tookMillis / REBOOTS + " ms each); threads " + after + "; first class loader collected");
    }

    /**
     * Brings the server's on-demand thread pools to a state that reboots of other components do not change: the
     * connector freshly rebooted with no connection served yet (no workers), and the admin API's pool full.
     */
    private void steadyPools() throws Exception {
        admin.restart("connector");
        for (int i = 0; i < ADMIN_THREADS; i++) {
            admin.components();
        }
    }

    /** @return live {@code rebound-*} threads counted by role (the name without a trailing number) */
    private static Map<String, Integer> threadsByRole() {
        Map<String, Integer> roles = new TreeMap<>();
        for (Thread thread : ReboundThreads.live("rebound-")) {
            roles.merge(thread.getName().replaceFirst("-\\d+$", ""), 1, Integer::sum);
        }
        return roles;
    }

    /**
     * Runs the garbage collector until the class loader is gone. If it never goes, a heap dump is written for
     * finding what holds it (the path is in the failure).
     */
    private static void awaitCollected(String name, ClassLoaderWitness loader, String when) throws Exception {
        long deadline = System.nanoTime() + COLLECTION.toNanos();
        while (!loader.collected()) {
            if (System.nanoTime() - deadline > 0) {
                Path dump = heapDump(name);
                throw new AssertionError("the old class loader of " + name + " (" + loader + ") is still "
                        + "reachable " + COLLECTION.toSeconds() + " s " + when + "; heap dump: " + dump);
            }
            System.gc();
            Thread.sleep(50);
        }
    }

    private static Path heapDump(String name) {
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty("rebound.itest.work", "target"))
                    .toAbsolutePath());
            Path file = dir.resolve("reload-leak-" + name + "-" + System.currentTimeMillis() + ".hprof");
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                    "dumpHeap", new Object[] { file.toString(), true },
                    new String[] { String.class.getName(), boolean.class.getName() });
            return file;
        } catch (Exception e) {
            return Path.of("(no heap dump: " + e + ")");
        }
    }
}
