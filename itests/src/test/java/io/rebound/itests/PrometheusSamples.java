package io.rebound.itests;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads back the samples of a Prometheus text exposition, by series as written ({@code name{label="v",...}}), and
 * checks the shape on the way: every line a comment or a well-formed sample, every family with HELP and TYPE before
 * its samples. (The recovery bundle's unit tests hold the strict, promtool-equivalent validator.)
 */
final class PrometheusSamples {

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})?) "
                    + "([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?|[+-]Inf|NaN)");
    private static final Pattern DESCRIPTOR = Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) .*");

    private PrometheusSamples() {
    }

    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Set<String> help = new HashSet<>();
        Set<String> typed = new HashSet<>();
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            Matcher descriptor = DESCRIPTOR.matcher(line);
            if (descriptor.matches()) {
                (descriptor.group(1).equals("HELP") ? help : typed).add(descriptor.group(2));
                continue;
            }
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("line " + number + " is not a sample: " + line);
            }
            String name = sample.group(1).replaceFirst("\\{.*", "");
            String family = name.replaceFirst("_(bucket|sum|count)$", "");
            if (!(help.contains(name) && typed.contains(name)) && !(help.contains(family) && typed.contains(family))) {
                throw new AssertionError("line " + number + ": no HELP and TYPE before " + name);
            }
            if (samples.put(sample.group(1), Double.parseDouble(sample.group(2).replace("Inf", "Infinity"))) != null) {
                throw new AssertionError("line " + number + ": series " + sample.group(1) + " twice");
            }
        }
        return samples;
    }

    /** @return the value of one series, failing when it is absent */
    static double value(Map<String, Double> samples, String series) {
        Double value = samples.get(series);
        if (value == null) {
            throw new AssertionError("no series " + series + " in " + samples.keySet());
        }
        return value;
    }
}
