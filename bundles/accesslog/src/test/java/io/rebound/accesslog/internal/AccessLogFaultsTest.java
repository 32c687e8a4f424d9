package io.rebound.accesslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Injected faults strike in {@code log} and in the writer thread, and die with the instance. */
class AccessLogFaultsTest {

    private static final long SLOW_MILLIS = 50;
    private static final long STOP_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(5);
    // A short flush interval makes an idle writer turn every 10 ms, so a fault armed for it strikes at once.
    private static final long BUSY_FLUSH_MILLIS = 10;

    @TempDir
    Path data;

    private final RecordingLogger log = new RecordingLogger();
    private final FaultSwitch faults = new FaultSwitch("accesslog", true, SLOW_MILLIS);
    private final List<AccessLogComponent> started = new ArrayList<>();

    @AfterEach
    void deactivateLeftovers() {
        started.forEach(AccessLogComponent::deactivate);
    }

    private AccessLogComponent activated(FakeBundleContext context, long flushMillis) {
        AccessLogComponent component = new AccessLogComponent(log, STOP_TIMEOUT_MILLIS, faults);
        started.add(component);
        component.activate(context.context(), Fakes.config(1024, flushMillis));
        return component;
    }

    private AccessLogComponent activated(long flushMillis) {
        return activated(new FakeBundleContext(Map.of("rebound.data", data.toString())), flushMillis);
    }

    /** @return a component whose writer thread is held inside the write of the first record, {@code /held} */
    private AccessLogComponent writerHeldIn(BlockingDisk disk) throws InterruptedException {
        AccessLogComponent component = new AccessLogComponent(log, STOP_TIMEOUT_MILLIS, faults);
        started.add(component);
        component.start(new AccessLogFile(data.resolve("access.log"), log, disk), 1024, 1000);
        component.log(Records.get("/held"));
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
        activated(plain, 1000).deactivate();
        assertEquals(List.of(), plain.registered());

        FakeBundleContext withFaults = FakeBundleContext.withFaults(Map.of("rebound.data", data.toString()));
        AccessLogComponent component = activated(withFaults, 1000);
        assertEquals(1, withFaults.registered().size());
        assertEquals(FaultTarget.class.getName(), withFaults.registered().get(0).type());
        assertSame(faults, withFaults.registered().get(0).service());

        component.deactivate();
        assertEquals(List.of(), withFaults.registered());
    }

    @Test
    void exceptionFailsTheNextLogCallOnly() throws Exception {
        BlockingDisk disk = new BlockingDisk();
        AccessLogComponent component = writerHeldIn(disk);
        faults.inject(FaultKind.EXCEPTION);
        assertThrows(FaultSwitch.InjectedFault.class, () -> component.log(Records.get("/failed")));
        component.log(Records.get("/next"));

        disk.release();
        deactivateWithinBound(component);
        assertTrue(disk.content().contains("/held"), disk.content());
        assertTrue(disk.content().contains("/next"), disk.content());
        assertFalse(disk.content().contains("/failed"), disk.content());
    }

    @Test
    void slowDelaysEveryLogCall() {
        AccessLogComponent component = activated(1000);
        faults.inject(FaultKind.SLOW);
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            component.log(Records.get("/slow" + i));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis >= SLOW_MILLIS, "took only " + tookMillis + " ms");
        }
        deactivateWithinBound(component);
    }

    @Test
    void hangAndCrashAimAtTheWriterThreadNotAtLoggingCallers() throws Exception {
        BlockingDisk disk = new BlockingDisk();
        AccessLogComponent component = writerHeldIn(disk);
        faults.inject(FaultKind.HANG);
        faults.inject(FaultKind.CRASH);
        // A caller of log() is another component's thread: the component's own faults must not strike it.
        CallOnThread caller = new CallOnThread("test-accesslog-caller", () -> component.log(Records.get("/caller")));
        caller.awaitCompleted();
        disk.release();
        deactivateWithinBound(component);
    }

    @Test
    void crashKillsTheWriterThreadAndANewInstanceLogsAgain() throws Exception {
        AccessLogComponent component = activated(BUSY_FLUSH_MILLIS);
        Thread writer = component.writerThread();
        faults.inject(FaultKind.CRASH);
        awaitDeath(writer);
        assertTrue(log.at(Level.ERROR).stream().anyMatch(e -> e.contains("InjectedCrash")), log.at(Level.ERROR)
                .toString());

        component.log(Records.get("/lost")); // the crash was the writer's: callers are not failed
        deactivateWithinBound(component);

        AccessLogComponent rebooted = new AccessLogComponent(log, STOP_TIMEOUT_MILLIS,
                new FaultSwitch("accesslog", true, SLOW_MILLIS));
        started.add(rebooted);
        rebooted.activate(Fakes.context(Map.of("rebound.data", data.toString())), Fakes.config(1024, 1000));
        rebooted.log(Records.get("/after"));
        rebooted.deactivate();
        assertEquals(List.of("/after"), loggedTargets());
    }

    @Test
    void hangHoldsTheWriterInsideACallUntilDeactivationReleasesIt() throws Exception {
        RecordingSupervision supervision = new RecordingSupervision();
        AccessLogComponent component = new AccessLogComponent(log, STOP_TIMEOUT_MILLIS, faults);
        started.add(component);
        component.supervision = supervision;
        component.activate(Fakes.context(Map.of("rebound.data", data.toString())),
                Fakes.config(1024, BUSY_FLUSH_MILLIS));
        Thread writer = component.writerThread();
        faults.inject(FaultKind.HANG);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CallOnThread.DEADLINE_SECONDS);
        while (writer.getState() != Thread.State.WAITING) {
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
