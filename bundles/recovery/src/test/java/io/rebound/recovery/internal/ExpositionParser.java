package io.rebound.recovery.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: it accepts what {@code promtool check
 * metrics} accepts without complaint and rejects, naming the line, what it would reject or lint — bad names, a
 * TYPE after samples, a family split in two, duplicate series, malformed label escapes or numbers, a histogram
 * without a {@code +Inf} bucket, with decreasing buckets or a {@code _count} that disagrees, a family without HELP,
 * a counter not named {@code _total}, non-base units. So CI needs no promtool.
 */
final class ExpositionParser {

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** One metric family: its TYPE, HELP and samples in order. */
    record Family(String name, String type, String help, List<Sample> samples) {
    }

    /** A violation of the format, naming the line. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?Inf|NaN");
    private static final Pattern TIMESTAMP = Pattern.compile("-?[0-9]+");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final Pattern CAMEL = Pattern.compile("[a-z][A-Z]");
    private static final Pattern NON_BASE_UNIT = Pattern.compile(
            "_(milliseconds|microseconds|nanoseconds|ms|us|ns|minutes|hours|days|kilobytes|megabytes|percent)(_|$)");

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Set<String> closed = new HashSet<>();
    private final Set<String> series = new HashSet<>();
    private Family current;
    private int lineNumber;

    private ExpositionParser() {
    }

    /** @return the families in order of appearance */
    static Map<String, Family> parse(String text) {
        ExpositionParser parser = new ExpositionParser();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new Invalid(text.split("\n", -1).length, "the exposition must end with a line feed");
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            parser.lineNumber = i + 1;
            parser.line(lines[i]);
        }
        parser.lineNumber = lines.length;
        for (Family family : parser.families.values()) {
            parser.lint(family);
            if (family.type().equals("histogram")) {
                parser.checkHistogram(family);
            }
        }
        return parser.families;
    }

    /** @return the value of the one sample named {@code name} with exactly these labels (name, value, ...) */
    static double value(Map<String, Family> families, String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        for (Family family : families.values()) {
            for (Sample sample : family.samples()) {
                if (sample.name().equals(name) && new TreeMap<>(sample.labels()).equals(wanted)) {
                    return sample.value();
                }
            }
        }
        throw new AssertionError("no sample " + name + wanted);
    }

    private void line(String line) {
        if (line.isBlank()) {
            return;
        }
        if (line.startsWith("#")) {
            String[] parts = line.split(" ", 4);
            if (parts.length >= 3 && parts[0].equals("#") && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                descriptor(parts[1], parts[2], parts.length == 4 ? parts[3] : "");
            }
            return; // any other comment
        }
        sample(line);
    }

    private void descriptor(String kind, String name, String text) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new Invalid(lineNumber, "invalid metric name '" + name + "'");
        }
        Family family = enter(name);
        if (kind.equals("TYPE")) {
            if (!TYPES.contains(text)) {
                throw new Invalid(lineNumber, "unknown type '" + text + "' for " + name);
            }
            if (family.type() != null) {
                throw new Invalid(lineNumber, "second TYPE line for " + name);
            }
            if (!family.samples().isEmpty()) {
                throw new Invalid(lineNumber, "TYPE line for " + name + " after its samples");
            }
            replace(new Family(name, text, family.help(), family.samples()));
        } else {
            if (family.help() != null) {
                throw new Invalid(lineNumber, "second HELP line for " + name);
            }
            checkEscapes(text, false);
            replace(new Family(name, family.type(), text, family.samples()));
        }
    }

    private Family enter(String familyName) {
        if (current != null && current.name().equals(familyName)) {
            return current;
        }
        if (current != null) {
            closed.add(current.name());
        }
        if (closed.contains(familyName)) {
            throw new Invalid(lineNumber, "family " + familyName + " appears again after another family");
        }
        current = families.computeIfAbsent(familyName, n -> new Family(n, null, null, new ArrayList<>()));
        return current;
    }

    private void replace(Family family) {
        families.put(family.name(), family);
        current = family;
    }

    private void sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new Invalid(lineNumber, "invalid metric name '" + name + "'");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new Invalid(lineNumber, "expected a space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ", -1);
        if (rest.length > 2 || !FLOAT.matcher(rest[0]).matches()) {
            throw new Invalid(lineNumber, "bad value '" + line.substring(i + 1) + "'");
        }
        if (rest.length == 2 && !TIMESTAMP.matcher(rest[1]).matches()) {
            throw new Invalid(lineNumber, "bad timestamp '" + rest[1] + "'");
        }
        Family family = enter(familyOf(name));
        String type = family.type() == null ? "untyped" : family.type();
        if (type.equals("histogram")) {
            if (!(name.equals(family.name() + "_bucket") || name.equals(family.name() + "_sum")
                    || name.equals(family.name() + "_count"))) {
                throw new Invalid(lineNumber, "sample " + name + " does not belong to histogram " + family.name());
            }
            if (name.endsWith("_bucket") != labels.containsKey("le")) {
                throw new Invalid(lineNumber, "le belongs on " + family.name() + "_bucket samples and only there");
            }
        } else if (!name.equals(family.name()) && !(type.equals("summary")
                && (name.equals(family.name() + "_sum") || name.equals(family.name() + "_count")))) {
            throw new Invalid(lineNumber, "sample " + name + " does not belong to " + type + " " + family.name());
        }
        if (!series.add(name + new TreeMap<>(labels))) {
            throw new Invalid(lineNumber, "duplicate series " + name + labels);
        }
        family.samples().add(new Sample(name, labels, parseFloat(rest[0])));
    }

    /** A histogram's _bucket, _sum and _count samples belong to the family named without the suffix. */
    private String familyOf(String name) {
        for (String suffix : new String[] { "_bucket", "_sum", "_count" }) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                Family family = families.get(base);
                if (family != null && ("histogram".equals(family.type()) || "summary".equals(family.type()))) {
                    return base;
                }
            }
        }
        return name;
    }

    private int labels(String line, int i, Map<String, String> labels) {
        while (true) {
            if (i < line.length() && line.charAt(i) == '}') {
                return i + 1;
            }
            int start = i;
            while (i < line.length() && line.charAt(i) != '=') {
                i++;
            }
            String label = line.substring(start, i);
            if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                throw new Invalid(lineNumber, "invalid label name '" + label + "'");
            }
            if (i + 1 >= line.length() || line.charAt(i + 1) != '"') {
                throw new Invalid(lineNumber, "label " + label + " has no quoted value");
            }
            i += 2;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (i >= line.length()) {
                    throw new Invalid(lineNumber, "unterminated value of label " + label);
                }
                char c = line.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    char next = i < line.length() ? line.charAt(i++) : ' ';
                    switch (next) {
                        case '\\': value.append('\\'); break;
                        case '"': value.append('"'); break;
                        case 'n': value.append('\n'); break;
                        default: throw new Invalid(lineNumber, "bad escape \\" + next + " in label " + label);
                    }
                } else {
                    value.append(c);
                }
            }
            if (labels.put(label, value.toString()) != null) {
                throw new Invalid(lineNumber, "label " + label + " given twice");
            }
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            } else if (i >= line.length() || line.charAt(i) != '}') {
                throw new Invalid(lineNumber, "expected , or } after label " + label);
            }
        }
    }

    private void checkEscapes(String text, boolean quotes) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
                if (next != '\\' && next != 'n' && !(quotes && next == '"')) {
                    throw new Invalid(lineNumber, "bad escape \\" + next);
                }
                i++;
            }
        }
    }

    /** What promtool's linter says about names and help. */
    private void lint(Family family) {
        String name = family.name();
        String type = family.type() == null ? "untyped" : family.type();
        if (family.help() == null || family.help().isBlank()) {
            throw new Invalid(lineNumber, name + " has no help text");
        }
        if (type.equals("counter") && !name.endsWith("_total")) {
            throw new Invalid(lineNumber, "counter " + name + " should end in _total");
        }
        if (!type.equals("counter") && name.endsWith("_total")) {
            throw new Invalid(lineNumber, "non-counter " + name + " should not end in _total");
        }
        if (!type.equals("histogram") && !type.equals("summary")
                && (name.endsWith("_bucket") || name.endsWith("_count") || name.endsWith("_sum"))) {
            throw new Invalid(lineNumber, name + " uses a suffix reserved for histograms and summaries");
        }
        if (CAMEL.matcher(name).find()) {
            throw new Invalid(lineNumber, name + " should be snake_case");
        }
        if (NON_BASE_UNIT.matcher(name).find()) {
            throw new Invalid(lineNumber, name + " should use base units (seconds, bytes)");
        }
        for (Sample sample : family.samples()) {
            for (String label : sample.labels().keySet()) {
                if (CAMEL.matcher(label).find()) {
                    throw new Invalid(lineNumber, "label " + label + " of " + name + " should be snake_case");
                }
            }
        }
    }

    private void checkHistogram(Family family) {
        Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        Set<Map<String, String>> sums = new HashSet<>();
        for (Sample sample : family.samples()) {
            Map<String, String> key = new TreeMap<>(sample.labels());
            key.remove("le");
            if (sample.name().endsWith("_bucket")) {
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(sample);
            } else if (sample.name().endsWith("_count")) {
                counts.put(key, sample.value());
            } else {
                sums.add(key);
            }
        }
        for (Map.Entry<Map<String, String>, List<Sample>> e : buckets.entrySet()) {
            double lastBound = Double.NEGATIVE_INFINITY;
            double lastCount = 0;
            for (Sample bucket : e.getValue()) {
                String le = bucket.labels().get("le");
                if (!FLOAT.matcher(le).matches() || le.equals("NaN")) {
                    throw new Invalid(lineNumber, family.name() + ": bad le=\"" + le + "\"");
                }
                double bound = parseFloat(le);
                if (bound <= lastBound) {
                    throw new Invalid(lineNumber, family.name() + ": le bounds not ascending at " + le);
                }
                if (bucket.value() < lastCount) {
                    throw new Invalid(lineNumber, family.name() + ": bucket le=" + le + " is not cumulative");
                }
                lastBound = bound;
                lastCount = bucket.value();
            }
            if (lastBound != Double.POSITIVE_INFINITY) {
                throw new Invalid(lineNumber, family.name() + e.getKey() + " has no le=\"+Inf\" bucket");
            }
            Double count = counts.get(e.getKey());
            if (count == null || count != lastCount) {
                throw new Invalid(lineNumber, family.name() + e.getKey() + ": _count " + count
                        + " differs from the +Inf bucket " + lastCount);
            }
            if (!sums.contains(e.getKey())) {
                throw new Invalid(lineNumber, family.name() + e.getKey() + " has no _sum");
            }
        }
        if (!counts.keySet().equals(buckets.keySet())) {
            throw new Invalid(lineNumber, family.name() + ": _count without buckets");
        }
    }

    private static double parseFloat(String text) {
        switch (text) {
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                return Double.parseDouble(text);
        }
    }
}
