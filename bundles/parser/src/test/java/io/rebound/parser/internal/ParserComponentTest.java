package io.rebound.parser.internal;

import static io.rebound.parser.internal.Requests.bytes;
import static io.rebound.parser.internal.Requests.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Map;

import io.rebound.http.spi.ParseResult;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

class ParserComponentTest {

    /** What SCR would hand the component for a configuration with these values. */
    private static Map<String, Object> config(int maxRequestLine, int maxHeaderCount, int maxHeadLength) {
        return Map.of("max.request.line", maxRequestLine, "max.header.count", maxHeaderCount, "max.head.length",
                maxHeadLength);
    }

    private static final BundleContext NO_FAULTS = new FakeBundleContext(Map.of()).context();

    private static final String FIVE_FIELDS = head("GET / HTTP/1.1", "Host: a", "B: 2", "C: 3", "D: 4", "E: 5");

    @Test
    void parsesWithTheDefaultLimits() {
        ParserComponent component = new ParserComponent();
        component.activate(NO_FAULTS, Map.of());
        assertEquals(16384, component.maxHeadLength());
        ParseResult result = component.parse(bytes(FIVE_FIELDS));
        assertEquals(ParseResult.Kind.COMPLETE, result.kind());
        assertEquals(5, result.head().headers().size());
    }

    @Test
    void configuredLimitsApply() {
        ParserComponent component = new ParserComponent();
        component.activate(NO_FAULTS, config(100, 4, 1000));
        assertEquals(1000, component.maxHeadLength());
        assertEquals(431, component.parse(bytes(FIVE_FIELDS)).status());
    }

    @Test
    void modifiedRebuildsTheParser() {
        ParserComponent component = new ParserComponent();
        component.activate(NO_FAULTS, config(100, 4, 1000));
        component.modified(config(100, 5, 2000));
        assertEquals(2000, component.maxHeadLength());
        assertEquals(ParseResult.Kind.COMPLETE, component.parse(bytes(FIVE_FIELDS)).kind());
    }

    @Test
    void invalidModificationKeepsThePreviousLimits() {
        ParserComponent component = new ParserComponent();
        component.activate(NO_FAULTS, config(100, 4, 1000));
        assertThrows(IllegalArgumentException.class, () -> component.modified(config(100, 5, 50)));
        assertEquals(1000, component.maxHeadLength());
        assertEquals(431, component.parse(bytes(FIVE_FIELDS)).status());
    }

    @Test
    void activationFailsOnNonPositiveLimitsNamingTheProperty() {
        assertActivationFails(config(0, 100, 16384), "max.request.line=0", "request line");
        assertActivationFails(config(8192, -1, 16384), "max.header.count=-1", "header count");
        assertActivationFails(config(8192, 100, 0), "max.head.length=0", "head length");
    }

    @Test
    void activationFailsWhenTheHeadCannotHoldARequestLine() {
        assertActivationFails(config(8192, 100, 4096), "max.head.length=4096", "at least");
    }

    private static void assertActivationFails(Map<String, Object> config, String... expectedInMessage) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ParserComponent().activate(NO_FAULTS, config));
        assertTrue(e.getMessage().contains(ParserComponent.PID), e.getMessage());
        for (String expected : expectedInMessage) {
            assertTrue(e.getMessage().contains(expected), () -> "'" + expected + "' missing in: " + e.getMessage());
        }
    }

    @Test
    void everyDeclaredAttributeIsReadUnderTheNameDsGivesIt() {
        Method[] attributes = ParserConfig.class.getDeclaredMethods();
        assertEquals(3, attributes.length);
        for (Method attribute : attributes) {
            String property = attribute.getName().replace('_', '.');
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ParserComponent().activate(NO_FAULTS, Map.of(property, "lots")), property);
            assertEquals("io.rebound.parser: " + property + " must be an integer, got \"lots\"", e.getMessage());
        }
    }

    @Test
    void limitsFromAConfigurationFileAreParsed() {
        ParserComponent component = new ParserComponent();
        component.activate(NO_FAULTS, Map.of("max.request.line", "100", "max.header.count", " 4", "max.head.length",
                "1000"));
        assertEquals(1000, component.maxHeadLength());
        assertEquals(431, component.parse(bytes(FIVE_FIELDS)).status());
    }
}
