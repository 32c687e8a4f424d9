package io.rebound.accesslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.rebound.state.api.RecordQueues;
import io.rebound.state.internal.MemoryRecordQueues;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer thread is the supervisor's, and its working turns are supervised calls. */
class AccessLogSupervisionTest {

    @TempDir
    Path data;

    private final RecordingLogger log = new RecordingLogger();
    private final RecordingSupervision supervision = new RecordingSupervision();
    private final List<AccessLogComponent> started = new ArrayList<>();
    private final MemoryRecordQueues queues = new MemoryRecordQueues();

    @AfterEach
    void deactivateLeftovers() {
        started.forEach(AccessLogComponent::deactivate);
    }

    private AccessLogComponent component() {
        AccessLogComponent component = new AccessLogComponent(log, TimeUnit.SECONDS.toMillis(5));
        component.queues = queues;
        started.add(component);
        return component;
    }

    @Test
    void writerThreadComesFromTheSupervisorsFactoryKeepingItsName() {
        AccessLogComponent component = component();
        component.supervision = supervision;
        component.activate(Fakes.context(Map.of("rebound.data", data.toString())), Fakes.defaults());

        assertEquals(1, supervision.factories().size());
        RecordingSupervision.Factory factory = supervision.factories().get(0);
        assertSame(component, factory.owner());
        assertEquals(AccessLogComponent.THREAD_NAME, factory.prefix());
        assertEquals(List.of(component.writerThread()), factory.threads());
        assertEquals(AccessLogComponent.THREAD_NAME, component.writerThread().getName());
        assertTrue(component.writerThread().isDaemon());
    }

    @Test
    void withoutASupervisorTheWriterThreadIsMadeDirectly() {
        AccessLogComponent component = component();
        component.activate(Fakes.context(Map.of("rebound.data", data.toString())), Fakes.defaults());
        assertEquals(AccessLogComponent.THREAD_NAME, component.writerThread().getName());
        assertTrue(component.writerThread().isAlive());
    }

    @Test
    void aWritingTurnIsASupervisedCall() throws Exception {
        BlockingDisk disk = new BlockingDisk();
        AccessLogComponent component = component();
        component.supervision = supervision;
        component.start(new AccessLogFile(data.resolve("access.log"), log, disk), queues.queue(RecordQueues.ACCESS_LOG), 1000);
        Records.log(queues, Records.get("/held"));
        assertTrue(disk.awaitWriting());

        assertEquals(1, supervision.openCalls(), "the write is inside a call");
        Object callee = supervision.callees().get(supervision.callees().size() - 1);
        assertEquals(component.getClass().getPackage(), callee.getClass().getPackage(), "blames this bundle");

        disk.release();
        component.deactivate();
        assertEquals(0, supervision.openCalls());
        assertEquals(List.of(), supervision.reports());
        assertTrue(disk.content().contains("/held"));
    }

    @Test
    void waitingForRecordsIsOutsideAnyCall() {
        long pollMillis = 300;
        AccessLogComponent component = component();
        component.supervision = supervision;
        component.activate(Fakes.context(Map.of("rebound.data", data.toString())), Fakes.config(1024, pollMillis));

        // An idle writer turns once per poll interval; if its wait were inside the call, each call would last it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CallOnThread.DEADLINE_SECONDS);
        while (supervision.closedCallNanos().size() < 3) {
            assertTrue(System.nanoTime() < deadline, "the idle writer never turned");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        for (long nanos : supervision.closedCallNanos()) {
            assertTrue(nanos < TimeUnit.MILLISECONDS.toNanos(pollMillis), "a call lasted " + nanos + " ns");
        }
        component.deactivate();
        assertNull(component.writerThread());
    }
}
