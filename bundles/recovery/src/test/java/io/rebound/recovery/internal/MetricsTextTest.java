package io.rebound.recovery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricsTextTest {

    @Test
    void numbersAreShortAndExact() {
        assertEquals("0", MetricsText.number(0));
        assertEquals("1", MetricsText.number(1));
        assertEquals("0.0005", MetricsText.number(500 / 1e6));
        assertEquals("2.5", MetricsText.number(2.5));
        assertEquals("1700000000.123", MetricsText.number(1_700_000_000_123L / 1e3));
        assertEquals("+Inf", MetricsText.number(Double.POSITIVE_INFINITY));
        assertEquals("NaN", MetricsText.number(Double.NaN));
    }

    @Test
    void escapesLabelValuesAndHelp() {
        String text = new MetricsText().family("x", "gauge", "a \\ b\nc")
                .sample("x", 1, "name", "q\"b\\s\nn").toString();
        assertEquals("# HELP x a \\\\ b\\nc\n# TYPE x gauge\nx{name=\"q\\\"b\\\\s\\nn\"} 1\n", text);
        assertEquals(1, ExpositionParser.value(ExpositionParser.parse(text), "x", "name", "q\"b\\s\nn"));
    }

    @Test
    void refusesBadNamesAndRepeatedFamilies() {
        assertThrows(IllegalArgumentException.class, () -> new MetricsText().family("bad-name", "gauge", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> new MetricsText().family("x", "gauge", "x").family("x", "gauge", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> new MetricsText().family("x", "gauge", "x").sample("x", 1, "__reserved", "v"));
    }

    @Test
    void histogramIsCumulativeWithInfBucket() {
        Histogram histogram = new Histogram(10, 100);
        histogram.observe(5);
        histogram.observe(10);
        histogram.observe(50);
        histogram.observe(1_000);
        String text = new MetricsText().histogram("t_seconds", "t", histogram.snapshot(), 1e3).toString();
        var families = ExpositionParser.parse(text);
        assertEquals(2, ExpositionParser.value(families, "t_seconds_bucket", "le", "0.01"));
        assertEquals(3, ExpositionParser.value(families, "t_seconds_bucket", "le", "0.1"));
        assertEquals(4, ExpositionParser.value(families, "t_seconds_bucket", "le", "+Inf"));
        assertEquals(4, ExpositionParser.value(families, "t_seconds_count"));
        assertEquals(1.065, ExpositionParser.value(families, "t_seconds_sum"), 1e-12);
    }

    @Test
    void histogramBoundsMustAscend() {
        assertThrows(IllegalArgumentException.class, () -> new Histogram(10, 10));
    }
}
