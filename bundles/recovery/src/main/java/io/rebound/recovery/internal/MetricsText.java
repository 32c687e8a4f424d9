package io.rebound.recovery.internal;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): each family once, with its HELP and TYPE lines
 * before its samples, label values escaped, numbers as Go's float parser reads them. It refuses a family named
 * twice or an invalid name, so that a mistake shows in a unit test instead of as a scrape error.
 */
final class MetricsText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final StringBuilder out = new StringBuilder(4096);
    private final Set<String> families = new LinkedHashSet<>();

    /** Starts a family: its HELP and TYPE lines. Samples for it follow. */
    MetricsText family(String name, String type, String help) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name '" + name + "'");
        }
        if (!families.add(name)) {
            throw new IllegalArgumentException("metric family '" + name + "' written twice");
        }
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** @param labels label names and values, interleaved */
    MetricsText sample(String name, double value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            if (labels.length % 2 != 0) {
                throw new IllegalArgumentException("label names and values must come in pairs");
            }
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (!LABEL_NAME.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
                    throw new IllegalArgumentException("invalid label name '" + labels[i] + "'");
                }
                out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escapeLabel(labels[i + 1]))
                        .append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    /**
     * Writes a whole histogram family (no labels).
     *
     * @param divisor how many recorded units make one base unit (1e6 for microseconds rendered as seconds)
     */
    MetricsText histogram(String name, String help, Histogram.Snapshot snapshot, double divisor) {
        family(name, "histogram", help);
        long[] bounds = snapshot.bounds();
        for (int i = 0; i < bounds.length; i++) {
            sample(name + "_bucket", snapshot.cumulative()[i], "le", number(bounds[i] / divisor));
        }
        sample(name + "_bucket", snapshot.count(), "le", "+Inf");
        sample(name + "_sum", snapshot.sum() / divisor);
        sample(name + "_count", snapshot.count());
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** Shortest exact decimal, without exponent or trailing zeros: {@code 0.0005}, {@code 1}, {@code 2.5}. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return "0";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String escapeHelp(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
