package io.rebound.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The router reads its configuration as {@link RouterConfig} declares it, without DS's generated proxy. */
class RouterConfigTest {

    private static void activate(Map<String, Object> properties) {
        new RouterComponent(new RecordingLogger(), System::currentTimeMillis)
                .activate(new FakeBundleContext(Map.of()).context(), properties);
    }

    @Test
    void everyDeclaredAttributeIsReadUnderTheNameDsGivesIt() {
        Method[] attributes = RouterConfig.class.getDeclaredMethods();
        assertEquals(4, attributes.length);
        for (Method attribute : attributes) {
            String property = attribute.getName().replace('_', '.');
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> activate(Map.of(property, "soon")), property);
            assertEquals("io.rebound.router: " + property + " must be an integer, got \"soon\"", e.getMessage());
        }
    }

    @Test
    void valuesFromAConfigurationFileAreAcceptedAndChecked() {
        activate(Map.of("hold.millis", "0", "max.concurrent.calls", "8", "breaker.failures", "3",
                "breaker.open.millis", "100"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> activate(Map.of("breaker.failures", "0")));
        assertEquals("io.rebound.router: hold.millis must be >= 0, max.concurrent.calls, breaker.failures and "
                + "breaker.open.millis >= 1; got 2000, 192, 0, 2000", e.getMessage());
    }
}
