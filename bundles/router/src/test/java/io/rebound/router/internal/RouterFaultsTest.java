package io.rebound.router.internal;

import static io.rebound.router.internal.Handlers.named;
import static io.rebound.router.internal.Handlers.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.rebound.recovery.api.FaultKind;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.recovery.api.FaultTarget;

import org.junit.jupiter.api.Test;

/** Injected faults strike in {@code dispatch}, before routing, and die with the instance. */
class RouterFaultsTest {

    private static final long SLOW_MILLIS = 50;

    private final FaultSwitch faults = new FaultSwitch("router", false, SLOW_MILLIS);
    private final RecordingSupervision supervision = new RecordingSupervision();

    private RouterComponent activated(FaultSwitch faults, FakeBundleContext context) {
        RouterComponent router = new RouterComponent(new RecordingLogger(), System::currentTimeMillis, faults);
        router.supervision = supervision;
        router.addHandler(named("ok"), props(1, "/"));
        router.activate(context.context(), Map.of());
        return router;
    }

    private RouterComponent activated() {
        return activated(faults, new FakeBundleContext(Map.of()));
    }

    private static int dispatch(RouterComponent router) throws IOException {
        FakeResponse response = new FakeResponse();
        router.dispatch(new FakeRequest("GET", "/"), response);
        return response.status();
    }

    @Test
    void faultTargetIsRegisteredOnlyWithFaultsEnabledAndWithdrawnOnDeactivate() {
        FakeBundleContext plain = new FakeBundleContext(Map.of());
        activated(faults, plain).deactivate();
        assertEquals(List.of(), plain.registered());

        FakeBundleContext withFaults = FakeBundleContext.withFaults(Map.of());
        FaultSwitch offered = new FaultSwitch("router", false, SLOW_MILLIS);
        RouterComponent router = activated(offered, withFaults);
        assertEquals(1, withFaults.registered().size());
        assertEquals(FaultTarget.class.getName(), withFaults.registered().get(0).type());
        assertSame(offered, withFaults.registered().get(0).service());

        router.deactivate();
        assertEquals(List.of(), withFaults.registered());
    }

    @Test
    void exceptionFailsTheNextDispatchOnlyAndNoHandlerIsCalled() throws IOException {
        RouterComponent router = activated();
        faults.inject(FaultKind.EXCEPTION);
        assertThrows(FaultSwitch.InjectedFault.class, () -> dispatch(router));
        assertEquals(List.of(), supervision.events(), "the fault strikes before routing");
        assertEquals(200, dispatch(router));
    }

    @Test
    void crashBreaksTheInstanceUntilANewOneIsMade() throws IOException {
        RouterComponent router = activated();
        faults.inject(FaultKind.CRASH);
        for (int i = 0; i < 3; i++) {
            assertThrows(FaultSwitch.InjectedFault.class, () -> dispatch(router));
        }
        router.deactivate();

        assertEquals(200, dispatch(activated(new FaultSwitch("router", false, SLOW_MILLIS),
                new FakeBundleContext(Map.of()))));
    }

    @Test
    void slowDelaysEveryDispatch() throws IOException {
        RouterComponent router = activated();
        faults.inject(FaultKind.SLOW);
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            assertEquals(200, dispatch(router));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis >= SLOW_MILLIS, "took only " + tookMillis + " ms");
        }
    }

    @Test
    void hangBlocksTheDispatchUntilDeactivationClosesTheSwitch() {
        RouterComponent router = activated();
        faults.inject(FaultKind.HANG);
        CallOnThread call = new CallOnThread("test-router-dispatch", () -> dispatch(router));
        call.awaitBlocked();

        router.deactivate();
        assertInstanceOf(FaultSwitch.InjectedFault.class, call.awaitFailure());
    }
}
