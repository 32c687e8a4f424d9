package io.rebound.recovery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The strict parser must reject what promtool rejects, or the metrics tests would prove nothing. */
class ExpositionParserTest {

    private static final String VALID = String.join("\n",
            "# HELP a_total Things.",
            "# TYPE a_total counter",
            "a_total{kind=\"x\\\"y\\\\z\\n\"} 3",
            "a_total{kind=\"b\",} 1e3 1700000000000",
            "# HELP h_seconds Latency.",
            "# TYPE h_seconds histogram",
            "h_seconds_bucket{le=\"0.5\"} 1",
            "h_seconds_bucket{le=\"1\"} 2",
            "h_seconds_bucket{le=\"+Inf\"} 2",
            "h_seconds_sum 1.25",
            "h_seconds_count 2",
            "# a comment",
            "# HELP g Gauge with no samples.",
            "# TYPE g gauge",
            "");

    @Test
    void readsValidExposition() {
        Map<String, ExpositionParser.Family> families = ExpositionParser.parse(VALID);
        assertEquals(3, families.size());
        assertEquals("counter", families.get("a_total").type());
        assertEquals(3, ExpositionParser.value(families, "a_total", "kind", "x\"y\\z\n"));
        assertEquals(1000, ExpositionParser.value(families, "a_total", "kind", "b"));
        assertEquals(2, ExpositionParser.value(families, "h_seconds_bucket", "le", "+Inf"));
        assertEquals(0, families.get("g").samples().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // no trailing line feed
        "# HELP g x\n# TYPE g gauge\ng 1",
        // bad metric name
        "# HELP 1g x\n# TYPE 1g gauge\n1g 1\n",
        // TYPE after a sample
        "# HELP g x\ng 1\n# TYPE g gauge\n",
        // unknown type
        "# HELP g x\n# TYPE g meter\ng 1\n",
        // family split by another
        "# HELP g x\n# TYPE g gauge\ng{a=\"1\"} 1\n# HELP h x\n# TYPE h gauge\nh 1\ng{a=\"2\"} 2\n",
        // duplicate series
        "# HELP g x\n# TYPE g gauge\ng{a=\"1\"} 1\ng{a=\"1\"} 2\n",
        // bad escape in a label value
        "# HELP g x\n# TYPE g gauge\ng{a=\"\\t\"} 1\n",
        // unquoted label value
        "# HELP g x\n# TYPE g gauge\ng{a=1} 1\n",
        // reserved label name
        "# HELP g x\n# TYPE g gauge\ng{__a=\"1\"} 1\n",
        // bad value
        "# HELP g x\n# TYPE g gauge\ng one\n",
        "# HELP g x\n# TYPE g gauge\ng 1,5\n",
        // no help
        "# TYPE g gauge\ng 1\n",
        // counter without _total, gauge with it, a non-base unit
        "# HELP c x\n# TYPE c counter\nc 1\n",
        "# HELP g_total x\n# TYPE g_total gauge\ng_total 1\n",
        "# HELP d_milliseconds x\n# TYPE d_milliseconds gauge\nd_milliseconds 1\n",
        // histogram: no +Inf, not cumulative, bounds not ascending, count mismatch, no sum, foreign sample
        "# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n",
        "# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
        "# HELP h x\n# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\n"
                + "h_sum 1\nh_count 1\n",
        "# HELP h x\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 1\n",
        "# HELP h x\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n",
        "# HELP h x\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\nh 3\n",
        "# HELP h x\n# TYPE h histogram\nh_bucket 1\nh_sum 1\nh_count 1\n",
    })
    void rejectsInvalidExposition(String text) {
        ExpositionParser.Invalid invalid = assertThrows(ExpositionParser.Invalid.class,
                () -> ExpositionParser.parse(text));
        assertTrue(invalid.getMessage().startsWith("line "), invalid.getMessage());
    }
}
