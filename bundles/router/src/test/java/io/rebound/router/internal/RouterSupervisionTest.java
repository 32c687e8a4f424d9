package io.rebound.router.internal;

import static io.rebound.router.internal.Handlers.named;
import static io.rebound.router.internal.Handlers.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;

import io.rebound.http.api.HttpHandler;
import io.rebound.recovery.api.FaultKind;
import io.rebound.recovery.api.FaultSwitch;

import org.junit.jupiter.api.Test;

/** Every handler call is reported to the supervisor: entered, how it failed, closed. */
class RouterSupervisionTest {

    private final RouterComponent router = new RouterComponent(new RecordingLogger(), System::currentTimeMillis);
    private final RecordingSupervision supervision = new RecordingSupervision();

    RouterSupervisionTest() {
        router.supervision = supervision;
    }

    private FakeResponse dispatch(String target) throws IOException {
        FakeResponse response = new FakeResponse();
        router.dispatch(new FakeRequest("GET", target), response);
        return response;
    }

    @Test
    void successfulCallIsEnteredAndClosed() throws IOException {
        HttpHandler ok = named("ok");
        router.addHandler(ok, props(1, "/ok"));
        assertEquals(200, dispatch("/ok").status());
        assertEquals(List.of("enter", "close"), supervision.events());
        assertEquals(List.of(ok), supervision.callees());
    }

    @Test
    void throwingHandlerIsReportedFailedBeforeThe503() throws IOException {
        router.configure(0, 128, 5, 2_000);
        IllegalStateException boom = new IllegalStateException("boom");
        HttpHandler throwing = (req, resp) -> {
            throw boom;
        };
        router.addHandler(throwing, props(1, "/boom"));
        assertEquals(503, dispatch("/boom").status());
        assertEquals(List.of("enter", "failed", "close"), supervision.events());
        assertEquals(List.of(throwing), supervision.callees());
        assertEquals(List.of(boom), supervision.failures());
    }

    @Test
    void handlerAnswering500IsAnErrorResult() throws IOException {
        router.addHandler((req, resp) -> resp.send(500, "text/plain", new byte[0]), props(1, "/broken"));
        router.addHandler((req, resp) -> resp.send(503, "text/plain", new byte[0]), props(2, "/busy"));
        assertEquals(500, dispatch("/broken").status());
        assertEquals(503, dispatch("/busy").status());
        assertEquals(List.of("enter", "errorResult", "close", "enter", "errorResult", "close"),
                supervision.events());
    }

    @Test
    void clientErrorsAreNotFailures() throws IOException {
        router.addHandler((req, resp) -> resp.send(404, "text/plain", new byte[0]), props(1, "/missing"));
        assertEquals(404, dispatch("/missing").status());
        assertEquals(List.of("enter", "close"), supervision.events());
    }

    @Test
    void injectedCrashInsideAHandlerCallIsAFailureLikeAnyOther() throws IOException {
        FaultSwitch handlerFaults = new FaultSwitch("handler", true, 1);
        handlerFaults.inject(FaultKind.CRASH);
        router.configure(0, 128, 5, 2_000);
        router.addHandler((req, resp) -> handlerFaults.onTurn(), props(1, "/"));
        assertEquals(503, dispatch("/").status());
        assertEquals(List.of("enter", "failed", "close"), supervision.events());
        assertInstanceOf(FaultSwitch.InjectedCrash.class, supervision.failures().get(0));
    }

    @Test
    void failedAfterCommitIsReportedAndStillClosesTheConnection() {
        router.addHandler((req, resp) -> {
            resp.body().write(new byte[] { 'x' });
            throw new IllegalStateException("late");
        }, props(1, "/"));
        assertThrows(IOException.class, () -> dispatch("/"));
        assertEquals(List.of("enter", "failed", "close"), supervision.events());
    }

    @Test
    void virtualMachineErrorAndIOExceptionAreNotReportedAsFailures() {
        OutOfMemoryError oom = new OutOfMemoryError("test");
        router.addHandler((req, resp) -> {
            throw oom;
        }, props(1, "/oom"));
        router.addHandler((req, resp) -> {
            throw new IOException("connection reset");
        }, props(2, "/reset"));
        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> dispatch("/oom")));
        assertThrows(IOException.class, () -> dispatch("/reset"));
        assertEquals(List.of("enter", "close", "enter", "close"), supervision.events());
    }

    @Test
    void answersOfTheRouterItselfAreNoHandlerCalls() throws IOException {
        router.addHandler(named("kv"), props(1, "/kv", new String[] { "PUT" }));
        assertEquals(404, dispatch("/nothing").status());
        assertEquals(405, dispatch("/kv").status());
        assertEquals(List.of(), supervision.events());
    }

    @Test
    void withoutASupervisorHandlersAreStillCalled() throws IOException {
        router.supervision = null;
        router.addHandler(named("ok"), props(1, "/"));
        assertEquals("ok", dispatch("/").bodyText());
        assertEquals(List.of(), supervision.events());
    }
}
