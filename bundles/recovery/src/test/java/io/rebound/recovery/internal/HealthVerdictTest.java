package io.rebound.recovery.internal;

import static io.rebound.recovery.internal.ServerMetricsTest.component;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class HealthVerdictTest {

    private static final List<ComponentView> ALL_ACTIVE = List.of(component("parser", ComponentState.ACTIVE, 0),
            component("files", ComponentState.ACTIVE, 0));

    @Test
    void notReadyWhileStartingThenReadyOnceEverythingWasActive() {
        HealthVerdict starting = HealthVerdict.of(List.of(component("parser", ComponentState.ACTIVE, 0),
                component("files", ComponentState.DEGRADED, 0)), false, null);
        assertFalse(starting.ready());
        assertFalse(starting.started());
        assertTrue(starting.live());
        assertTrue(starting.notReadyReason().startsWith("starting"));

        HealthVerdict up = HealthVerdict.of(ALL_ACTIVE, false, null);
        assertTrue(up.ready() && up.healthy() && up.live() && up.started());
        assertNull(up.notReadyReason());
    }

    @Test
    void aFailedComponentIsTheReasonGivenEvenBeforeStartupEnded() {
        HealthVerdict verdict = HealthVerdict.of(List.of(component("files", ComponentState.FAILED, 0)), false, null);
        assertFalse(verdict.ready());
        assertEquals("FAILED components", verdict.notReadyReason());
    }

    @Test
    void noComponentsYetIsStillStarting() {
        assertFalse(HealthVerdict.of(List.of(), false, null).ready());
    }

    @Test
    void afterStartARecoveringComponentKeepsReadyButNotHealthy() {
        HealthVerdict verdict = HealthVerdict.of(List.of(component("parser", ComponentState.RECOVERING, 1)), true,
                null);
        assertTrue(verdict.ready());
        assertFalse(verdict.healthy());
        assertEquals(List.of("parser=RECOVERING"), verdict.notActive());
    }

    @Test
    void aFailedComponentMakesItNotReadyButStillLive() {
        HealthVerdict verdict = HealthVerdict.of(List.of(component("files", ComponentState.FAILED, 3),
                component("parser", ComponentState.ACTIVE, 0)), true, null);
        assertFalse(verdict.ready());
        assertTrue(verdict.live());
        assertEquals("FAILED components", verdict.notReadyReason());
    }

    @Test
    void onlyGivingUpOnTheProcessMakesItNotLive() {
        HealthVerdict verdict = HealthVerdict.of(ALL_ACTIVE, true, "75");
        assertFalse(verdict.live());
        assertFalse(verdict.ready());
        assertFalse(verdict.healthy());
        assertTrue(HealthVerdict.of(ALL_ACTIVE, true, "0").live());
    }
}
