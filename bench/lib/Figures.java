import java.util.List;
import java.util.Locale;

/**
 * The arithmetic and formatting of measured figures that the benches share. A figure that could not be measured is
 * NaN: the statistics skip it, and it prints as "-", so one missing sample neither fails a report nor poisons a
 * median.
 */
final class Figures {

    private Figures() {
    }

    /** Nanoseconds (System.nanoTime differences) as milliseconds. */
    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double median(List<Double> values) {
        List<Double> v = values.stream().filter(d -> !Double.isNaN(d)).sorted().toList();
        if (v.isEmpty()) {
            return Double.NaN;
        }
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    /** Nearest-rank 99th percentile (with fewer than 100 values, the maximum). */
    static double p99(List<Double> values) {
        List<Double> v = values.stream().filter(d -> !Double.isNaN(d)).sorted().toList();
        if (v.isEmpty()) {
            return Double.NaN;
        }
        return v.get((int) Math.ceil(0.99 * v.size()) - 1);
    }

    static double max(List<Double> values) {
        return values.stream().filter(d -> !Double.isNaN(d)).max(Double::compare).orElse(Double.NaN);
    }

    static String f0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String f1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
