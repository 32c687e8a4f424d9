package io.rebound.accesslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rebound.recovery.api.FaultKind;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.recovery.api.FaultTarget;
import io.rebound.state.api.RecordQueue;
import io.rebound.state.api.RecordQueues;
import io.rebound.state.internal.MemoryRecordQueues;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Injected faults strike in the writer thread's turns and die with the instance; and since the queue is not the
 * writer's, a crashed writer loses no record: the next instance writes them.
 */
class AccessLogFaultsTest {

    private static final long SLOW_MILLIS = 50;
    private static final long STOP_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(5);
    // A short flush interval makes an idle writer turn every 10 ms, so a fault armed for it strikes at once.
    private static final long BUSY_FLUSH_MILLIS = 10;

    @TempDir
    Path data;

    private final RecordingLogger log = new RecordingLogger();
    private final FaultSwitch faults = new FaultSwitch("accesslog", true, SLOW_MILLIS);
    private final MemoryRecordQueues queues = new MemoryRecordQueues();
    private final RecordQueue queue = queues.queue(RecordQueues.ACCESS_LOG);
    private final List<AccessLogComponent> started = new ArrayList<>();

    @AfterEach
    void deactivateLeftovers() {
        started.forEach(AccessLogComponent::deactivate);
    }

    private AccessLogComponent activated(FakeBundleContext context, long flushMillis, FaultSwitch switchToUse) {
        AccessLogComponent component = new AccessLogComponent(log, STOP_TIMEOUT_MILLIS, switchToUse);
        component.queues = queues;
        started.add(component);
        component.activate(context.context(), Fakes.config(65536, flushMillis));
        return component;
    }

    private AccessLogComponent activated(long flushMillis) {
        return activated(new FakeBundleContext(Map.of("rebound.data", data.toString())), flushMillis, faults);
    }

    /** @return a component whose writer thread is held inside the write of the first record, {@code /held} */
    private AccessLogComponent writerHeldIn(BlockingDisk disk) throws InterruptedException {
        AccessLogComponent component = new AccessLogComponent(log, STOP_TIMEOUT_MILLIS, faults);
        started.add(component);
        component.start(new AccessLogFile(data.resolve("access.log"), log, disk), queue, 1000);
        Records.log(queue, Records.get("/held"));
        assertTrue(disk.awaitWriting(), "the writer never wrote");
        return component;
    }

    private List<String> loggedTargets() throws IOException {
        return AccessLogWriterTest.targets(
                Files.readAllLines(data.resolve("logs").resolve("access.log"), StandardCharsets.UTF_8));
    }

    /** Waits (bounded) for the writer thread to die. */
    private static void awaitDeath(Thread writer) throws InterruptedException {
        writer.join(TimeUnit.SECONDS.toMillis(CallOnThread.DEADLINE_SECONDS));
        assertFalse(writer.isAlive(), "the writer thread is still alive");
    }

    /** Deactivates and checks that it took less than the stop timeout, so nobody had to be interrupted. */
    private void deactivateWithinBound(AccessLogComponent component) {
        long start = System.nanoTime();
        component.deactivate();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis < STOP_TIMEOUT_MILLIS, "deactivation took " + tookMillis + " ms");
        assertFalse(log.at(Level.WARNING).stream().anyMatch(w -> w.contains("did not finish")), "writer interrupted");
    }

    @Test
    void faultTargetIsRegisteredOnlyWithFaultsEnabledAndWithdrawnOnDeactivate() {
        FakeBundleContext plain = new FakeBundleContext(Map.of("rebound.data", data.toString()));
        activated(plain, 1000, faults).deactivate();
        assertEquals(List.of(), plain.registered());

        FakeBundleContext withFaults = FakeBundleContext.withFaults(Map.of("rebound.data", data.toString()));
        AccessLogComponent component = activated(withFaults, 1000, faults);
        assertEquals(1, withFaults.registered().size());
        assertEquals(FaultTarget.class.getName(), withFaults.registered().get(0).type());
        assertSame(faults, withFaults.registered().get(0).service());

        component.deactivate();
        assertEquals(List.of(), withFaults.registered());
    }

    @Test
    void slowDelaysEveryWritingTurn() {
        RecordingSupervision supervision = new RecordingSupervision();
        AccessLogComponent component = new AccessLogComponent(log, STOP_TIMEOUT_MILLIS, faults);
        component.queues = queues;
        component.supervision = supervision;
        started.add(component);
        component.activate(Fakes.context(Map.of("rebound.data", data.toString())), Fakes.config(1024, BUSY_FLUSH_MILLIS));
        faults.inject(FaultKind.SLOW);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CallOnThread.DEADLINE_SECONDS);
        while (supervision.closedCallNanos().stream().filter(n -> n >= TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS))
                .count() < 2) {
            assertTrue(System.nanoTime() < deadline, "no slow turns: " + supervision.closedCallNanos());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        deactivateWithinBound(component);
    }

    @Test
    void loggingNeverWaitsForAHungOrCrashedWriter() throws Exception {
        BlockingDisk disk = new BlockingDisk();
        AccessLogComponent component = writerHeldIn(disk);
        faults.inject(FaultKind.HANG);
        faults.inject(FaultKind.CRASH);
        // Producers only offer to the queue, which is not the writer's: the writer's faults cannot reach them.
        CallOnThread caller = new CallOnThread("test-accesslog-caller",
                () -> Records.log(queue, Records.get("/caller")));
        caller.awaitCompleted();
        disk.release();
        deactivateWithinBound(component);
    }

    @Test
    void crashKillsTheWriterThreadAndTheNextInstanceWritesWhatWasQueuedMeanwhile() throws Exception {
        AccessLogComponent component = activated(BUSY_FLUSH_MILLIS);
        Records.log(queue, Records.get("/before"));
        Thread writer = component.writerThread();
        faults.inject(FaultKind.CRASH);
        awaitDeath(writer);
        assertTrue(log.at(Level.ERROR).stream().anyMatch(e -> e.contains("InjectedCrash")), log.at(Level.ERROR)
                .toString());

        // Served while the writer is dead and while it is rebooted: still queued, not lost.
        Records.log(queue, Records.get("/while-dead"));
        deactivateWithinBound(component);
        Records.log(queue, Records.get("/while-rebooting"));

        AccessLogComponent rebooted = activated(new FakeBundleContext(Map.of("rebound.data", data.toString())), 1000,
                new FaultSwitch("accesslog", true, SLOW_MILLIS));
        Records.log(queue, Records.get("/after"));
        rebooted.deactivate();
        assertEquals(List.of("/before", "/while-dead", "/while-rebooting", "/after"), loggedTargets());
    }

    @Test
    void anInjectedExceptionEndsTheWriterButNotItsBatch() throws Exception {
        AccessLogComponent component = activated(BUSY_FLUSH_MILLIS);
        Thread writer = component.writerThread();
        faults.inject(FaultKind.EXCEPTION);
        awaitDeath(writer);
        Records.log(queue, Records.get("/kept"));
        deactivateWithinBound(component);
        AccessLogComponent rebooted = activated(new FakeBundleContext(Map.of("rebound.data", data.toString())), 1000,
                new FaultSwitch("accesslog", true, SLOW_MILLIS));
        rebooted.deactivate();
        assertEquals(List.of("/kept"), loggedTargets());
    }

    /**
     * The figure of the issue: N records logged while the writer crashes again and again, one new instance after
     * another (as the supervisor reboots it), make exactly N lines — none lost, none twice.
     */
    @Test
    void repeatedCrashesLoseNoLineAndWriteNoneTwice() throws Exception {
        int n = 20_000;
        int crashes = 10;
        Thread producer = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                Records.log(queue, Records.get("/r" + i));
                if (i % 100 == 0) {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                }
            }
        }, "test-accesslog-producer");
        producer.start();
        for (int c = 0; c < crashes; c++) {
            FaultSwitch instanceFaults = new FaultSwitch("accesslog", true, SLOW_MILLIS);
            AccessLogComponent instance = activated(new FakeBundleContext(Map.of("rebound.data", data.toString())),
                    BUSY_FLUSH_MILLIS, instanceFaults);
            Thread writer = instance.writerThread();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            instanceFaults.inject(FaultKind.CRASH);
            awaitDeath(writer);
            instance.deactivate();
            started.remove(instance);
        }
        producer.join(TimeUnit.SECONDS.toMillis(CallOnThread.DEADLINE_SECONDS));
        assertFalse(producer.isAlive());
        AccessLogComponent last = activated(BUSY_FLUSH_MILLIS);
        last.deactivate();
        started.remove(last);

        List<String> targets = loggedTargets();
        assertEquals(0, queue.dropped(), "the queue was big enough");
        assertEquals(n, targets.size(), "lines after " + crashes + " writer crashes");
        for (int i = 0; i < n; i++) {
            assertEquals("/r" + i, targets.get(i));
        }
        System.out.println("AccessLogFaultsTest: " + n + " records, " + crashes + " writer crashes, "
                + targets.size() + " lines");
    }

    @Test
    void hangHoldsTheWriterInsideACallUntilDeactivationReleasesIt() throws Exception {
        RecordingSupervision supervision = new RecordingSupervision();
        AccessLogComponent component = new AccessLogComponent(log, STOP_TIMEOUT_MILLIS, faults);
        component.queues = queues;
        started.add(component);
        component.supervision = supervision;
        component.activate(Fakes.context(Map.of("rebound.data", data.toString())),
                Fakes.config(1024, BUSY_FLUSH_MILLIS));
        Thread writer = component.writerThread();
        faults.inject(FaultKind.HANG);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CallOnThread.DEADLINE_SECONDS);
        while (writer.getState() != Thread.State.WAITING || supervision.openCalls() != 1) {
            assertTrue(System.nanoTime() < deadline, "the writer never hung; it is " + writer.getState());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        // Inside a call, so the supervisor's deadline sees the hang.
        assertEquals(1, supervision.openCalls());

        deactivateWithinBound(component);
        assertFalse(writer.isAlive());
        assertEquals(0, supervision.openCalls());
    }
}
