package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class LauncherTest {

    @Test
    void notReadyNamesMissingServicesAndInactiveBundles() {
        assertEquals("not ready after 60 s: never registered: io.rebound.http.spi.Connector, "
                + "io.rebound.http.api.HttpHandler (rebound.http.path=/); "
                + "bundles not ACTIVE: io.rebound.connector (RESOLVED), io.rebound.files (INSTALLED)",
                Launcher.notReady(List.of(Readiness.REQUIRED.get(0), Readiness.REQUIRED.get(4)), false, false,
                        List.of("io.rebound.connector (RESOLVED)", "io.rebound.files (INSTALLED)")));
    }

    @Test
    void notReadyWithEveryBundleActivePointsAtComponentErrors() {
        assertEquals("not ready after 60 s: never registered: io.rebound.recovery.internal.AdminServer, "
                + "the admin listening socket; every bundle is ACTIVE (see the component errors logged above)",
                Launcher.notReady(List.of(Readiness.REQUIRED.get(5)), false, true, List.of()));
    }
}
