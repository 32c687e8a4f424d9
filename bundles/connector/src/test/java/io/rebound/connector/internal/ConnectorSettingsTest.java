package io.rebound.connector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The connector reads its configuration as {@link ConnectorConfig} declares it, without DS's generated proxy. */
class ConnectorSettingsTest {

    @Test
    void everyDeclaredAttributeIsReadUnderTheNameDsGivesIt() {
        Method[] attributes = ConnectorConfig.class.getDeclaredMethods();
        assertEquals(12, attributes.length);
        for (Method attribute : attributes) {
            String property = attribute.getName().replace('_', '.');
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ConnectorSettings.of(Map.of(property, "plenty")), property);
            assertEquals("io.rebound.connector: " + property + " must be an integer, got \"plenty\"", e.getMessage());
        }
    }

    @Test
    void theDefaultsAreTheDeclaredOnes() throws ReflectiveOperationException {
        ConnectorSettings defaults = ConnectorSettings.defaults();
        assertEquals(ConnectorConfig.class.getDeclaredMethod("max_workers").getDefaultValue(), defaults.maxWorkers());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(
                (Long) ConnectorConfig.class.getDeclaredMethod("idle_timeout_millis").getDefaultValue()),
                defaults.idleTimeoutNanos());
        assertEquals(ConnectorConfig.class.getDeclaredMethod("max_body_bytes").getDefaultValue(),
                defaults.maxBodyBytes());
    }

    @Test
    void valuesFromAConfigurationFileAreParsedAndRangeChecked() {
        ConnectorSettings settings = ConnectorSettings.of(Map.of("max.workers", "8", "hold.millis", "0",
                "idle.timeout.millis", "1500"));
        assertEquals(8, settings.maxWorkers());
        assertEquals(0, settings.holdNanos());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1500), settings.idleTimeoutNanos());
        assertEquals("io.rebound.connector: max.workers must be positive, not 0",
                assertThrows(IllegalArgumentException.class, () -> ConnectorSettings.of(Map.of("max.workers", 0)))
                        .getMessage());
        assertEquals("io.rebound.connector: hold.millis must not be negative, not -1",
                assertThrows(IllegalArgumentException.class, () -> ConnectorSettings.of(Map.of("hold.millis", -1L)))
                        .getMessage());
    }
}
