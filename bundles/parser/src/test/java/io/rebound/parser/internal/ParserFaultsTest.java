package io.rebound.parser.internal;

import static io.rebound.parser.internal.Requests.bytes;
import static io.rebound.parser.internal.Requests.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.rebound.http.spi.ParseResult;
import io.rebound.recovery.api.FaultKind;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.recovery.api.FaultTarget;

import org.junit.jupiter.api.Test;

/** Injected faults strike in {@code parse}, and die with the instance. */
class ParserFaultsTest {

    private static final String REQUEST = head("GET / HTTP/1.1", "Host: a");
    private static final long SLOW_MILLIS = 50;

    private final FaultSwitch faults = new FaultSwitch("parser", false, SLOW_MILLIS);
    private final FakeBundleContext context = new FakeBundleContext(Map.of());

    private ParserComponent activated(FaultSwitch faults, FakeBundleContext context) {
        ParserComponent component = new ParserComponent(faults);
        component.activate(context.context(), Map.of());
        return component;
    }

    private static ParseResult parse(ParserComponent component) {
        return component.parse(bytes(REQUEST));
    }

    @Test
    void faultTargetIsRegisteredOnlyWithFaultsEnabledAndWithdrawnOnDeactivate() {
        ParserComponent plain = activated(faults, context);
        assertEquals(List.of(), context.registered());
        plain.deactivate();

        FakeBundleContext withFaults = FakeBundleContext.withFaults(Map.of());
        FaultSwitch offered = new FaultSwitch("parser", false, SLOW_MILLIS);
        ParserComponent component = activated(offered, withFaults);
        List<FakeBundleContext.Registered> registered = withFaults.registered();
        assertEquals(1, registered.size());
        assertEquals(FaultTarget.class.getName(), registered.get(0).type());
        assertSame(offered, registered.get(0).service());

        component.deactivate();
        assertEquals(List.of(), withFaults.registered());
    }

    @Test
    void exceptionFailsTheNextCallOnly() {
        ParserComponent component = activated(faults, context);
        faults.inject(FaultKind.EXCEPTION);
        assertThrows(FaultSwitch.InjectedFault.class, () -> parse(component));
        assertEquals(ParseResult.Kind.COMPLETE, parse(component).kind());
    }

    @Test
    void crashBreaksTheInstanceUntilANewOneIsMade() {
        ParserComponent component = activated(faults, context);
        faults.inject(FaultKind.CRASH);
        for (int i = 0; i < 3; i++) {
            assertThrows(FaultSwitch.InjectedFault.class, () -> parse(component));
        }
        component.deactivate();

        ParserComponent rebooted = activated(new FaultSwitch("parser", false, SLOW_MILLIS), context);
        assertEquals(ParseResult.Kind.COMPLETE, parse(rebooted).kind());
    }

    @Test
    void slowDelaysEveryCall() {
        ParserComponent component = activated(faults, context);
        faults.inject(FaultKind.SLOW);
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            assertEquals(ParseResult.Kind.COMPLETE, parse(component).kind());
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis >= SLOW_MILLIS, "took only " + tookMillis + " ms");
        }
    }

    @Test
    void hangBlocksTheCallUntilDeactivationClosesTheSwitch() {
        ParserComponent component = activated(faults, context);
        faults.inject(FaultKind.HANG);
        CallOnThread call = new CallOnThread("test-parser-call", () -> parse(component));
        call.awaitBlocked();

        component.deactivate();
        assertInstanceOf(FaultSwitch.InjectedFault.class, call.awaitFailure());
    }
}
