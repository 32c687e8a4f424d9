package io.rebound.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.rebound.recovery.api.FaultKind;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.recovery.api.FaultTarget;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Injected faults strike in {@code handle}, and die with the instance. */
class FilesFaultsTest {

    private static final long SLOW_MILLIS = 50;

    @TempDir
    Path base;

    private Site site;
    private final FaultSwitch faults = new FaultSwitch("files", false, SLOW_MILLIS);

    @BeforeEach
    void setUp() throws IOException {
        site = new Site(base);
    }

    private FilesHandler handler(FaultSwitch faults) {
        return new FilesHandler(new DocumentRoot(site.root), "index.html", 0, FileContentCache.off(), faults);
    }

    private static int get(FilesHandler handler) throws IOException {
        return Exchange.run(handler, FakeRequest.get("/hello.txt")).status();
    }

    @Test
    void faultTargetIsRegisteredOnlyWithFaultsEnabledAndWithdrawnOnDeactivate() throws IOException {
        Map<String, String> rootOnly = Map.of("rebound.root", site.root.toString());
        FakeBundleContext plain = new FakeBundleContext(rootOnly);
        new FilesHandler(plain.context(), ActivationTest.defaults()).deactivate();
        assertEquals(List.of(), plain.registered());

        FakeBundleContext withFaults = FakeBundleContext.withFaults(rootOnly);
        FilesHandler handler = new FilesHandler(withFaults.context(), ActivationTest.defaults());
        assertEquals(1, withFaults.registered().size());
        assertEquals(FaultTarget.class.getName(), withFaults.registered().get(0).type());

        // The registered target is the one that arms this handler's faults.
        ((FaultTarget) withFaults.registered().get(0).service()).inject(FaultKind.EXCEPTION);
        assertThrows(FaultSwitch.InjectedFault.class, () -> get(handler));
        assertEquals(200, get(handler));

        handler.deactivate();
        assertEquals(List.of(), withFaults.registered());
    }

    @Test
    void failedActivationRegistersNothing() {
        FakeBundleContext withFaults = FakeBundleContext.withFaults(
                Map.of("rebound.root", base.resolve("missing").toString()));
        assertThrows(IllegalArgumentException.class,
                () -> new FilesHandler(withFaults.context(), ActivationTest.defaults()));
        assertEquals(List.of(), withFaults.registered());
    }

    @Test
    void exceptionFailsTheNextCallOnly() throws IOException {
        FilesHandler handler = handler(faults);
        faults.inject(FaultKind.EXCEPTION);
        assertThrows(FaultSwitch.InjectedFault.class, () -> get(handler));
        assertEquals(200, get(handler));
    }

    @Test
    void crashBreaksTheInstanceUntilANewOneIsMade() throws IOException {
        FilesHandler handler = handler(faults);
        faults.inject(FaultKind.CRASH);
        for (int i = 0; i < 3; i++) {
            assertThrows(FaultSwitch.InjectedFault.class, () -> get(handler));
        }
        handler.deactivate();

        assertEquals(200, get(handler(new FaultSwitch("files", false, SLOW_MILLIS))));
    }

    @Test
    void slowDelaysEveryCall() throws IOException {
        FilesHandler handler = handler(faults);
        faults.inject(FaultKind.SLOW);
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            assertEquals(200, get(handler));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis >= SLOW_MILLIS, "took only " + tookMillis + " ms");
        }
    }

    @Test
    void hangBlocksTheCallUntilDeactivationClosesTheSwitch() {
        FilesHandler handler = handler(faults);
        faults.inject(FaultKind.HANG);
        CallOnThread call = new CallOnThread("test-files-call", () -> get(handler));
        call.awaitBlocked();

        handler.deactivate();
        assertInstanceOf(FaultSwitch.InjectedFault.class, call.awaitFailure());
    }
}
