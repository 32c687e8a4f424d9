package io.rebound.recovery.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the {@code /status} dashboard: one self-contained HTML page (inline CSS, inline SVG, a few lines of
 * script; nothing loaded from anywhere else) showing the components and their states, the dependency graph, restart
 * counts, and a timeline of recoveries and operator restarts with the mean time to recover. The page refreshes
 * itself by fetching {@code /status} again and swapping in the new {@code #dashboard}; without script, a
 * {@code <noscript>} meta refresh reloads it.
 *
 * <p>Everything that comes from outside (component names, failure causes) is HTML-escaped: a cause can hold text
 * from a request.
 */
final class StatusPage {

    /** How often the page refreshes itself. */
    static final Duration REFRESH = Duration.ofSeconds(2);
    /** The longest span the timeline shows; the shortest is {@link #MIN_SPAN}. */
    static final Duration MAX_SPAN = Duration.ofHours(1);
    static final Duration MIN_SPAN = Duration.ofMinutes(5);
    private static final int EVENTS_LISTED = 20;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private static final String STYLE = String.join("\n",
            "body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}",
            "#dashboard{max-width:1100px;margin:0 auto;padding:16px}",
            "h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:20px 0 8px}",
            "section{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:8px 14px 12px;margin-top:12px}",
            "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;"
                    + "border-bottom:1px solid #eceff3;vertical-align:top}th{font-weight:600;color:#556}",
            "td.num{text-align:right;font-variant-numeric:tabular-nums}",
            ".state{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}",
            ".ACTIVE{background:#2e8540}.RECOVERING{background:#1f6fb2}.DEGRADED{background:#c77c02}"
                    + ".FAILED{background:#c0392b}",
            ".summary .state{font-size:13px}.muted{color:#778}.cause{max-width:360px;overflow-wrap:anywhere}",
            "svg text{font:12px system-ui,sans-serif;fill:#1d2330}svg .axis{stroke:#aab}svg .grid{stroke:#eef}",
            "svg .node rect{stroke:#334;stroke-width:1}svg .node text{fill:#fff;font-weight:600}",
            "svg .node.ACTIVE rect{fill:#2e8540}svg .node.RECOVERING rect{fill:#1f6fb2}",
            "svg .node.DEGRADED rect{fill:#c77c02}svg .node.FAILED rect{fill:#c0392b}",
            "svg .edge{stroke:#778;stroke-width:1.5;fill:none}svg .arrow{fill:#778}",
            "svg .RECOVERED{fill:#2e8540}svg .ESCALATED{fill:#c77c02}svg .FAILED{fill:#c0392b}"
                    + "svg .OPERATOR{fill:#1f6fb2}svg .OPERATOR_FAILED{fill:#7d3c98}",
            ".legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;border-radius:2px}",
            ".legend .RECOVERED{background:#2e8540}.legend .ESCALATED{background:#c77c02}"
                    + ".legend .OPERATOR{background:#1f6fb2}.legend .OPERATOR_FAILED{background:#7d3c98}",
            "#stale{position:fixed;top:0;left:0;right:0;margin:0;padding:6px;background:#c0392b;color:#fff;"
                    + "text-align:center}");

    private static final String SCRIPT = String.join("\n",
            "(function () {",
            "  var every = " + REFRESH.toMillis() + ";",
            "  function refresh() {",
            "    fetch(location.pathname, {cache: 'no-store', headers: {'Accept': 'text/html'}})",
            "      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.text(); })",
            "      .then(function (html) {",
            "        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('dashboard');",
            "        if (fresh) { document.getElementById('dashboard').replaceWith(document.importNode(fresh, true)); }",
            "        document.getElementById('stale').hidden = true;",
            "      })",
            "      .catch(function () { document.getElementById('stale').hidden = false; })",
            "      .then(function () { setTimeout(refresh, every); });",
            "  }",
            "  setTimeout(refresh, every);",
            "})();");

    /** The Content-Security-Policy: nothing but this page's own style and script, and fetches of itself. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(STYLE) + "'; "
            + "script-src '" + sha256(SCRIPT) + "'; connect-src 'self'; img-src data:; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    private StatusPage() {
    }

    /** One bar or mark on the timeline. */
    private record Event(String component, Instant start, Instant end, String kind, String title) {
    }

    static String render(List<ComponentView> components, List<RecoveryRecord> recoveries,
            List<OperatorRestarts.Restart> operatorRestarts, int leakedThreads, Instant now) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Rebound status</title><link rel=\"icon\" href=\"data:,\">")
                .append("<style>").append(STYLE).append("</style>")
                .append("<noscript><meta http-equiv=\"refresh\" content=\"").append(REFRESH.toSeconds() * 3)
                .append("\"></noscript></head><body>\n");
        html.append("<div id=\"dashboard\" data-generated=\"").append(now).append("\">\n");
        summary(html, components, recoveries, leakedThreads, now);
        componentTable(html, components, recoveries);
        html.append("<section><h2>Dependency graph</h2>");
        dependencyGraph(html, components);
        html.append("</section>\n<section><h2>Recovery timeline</h2>");
        List<Event> events = events(recoveries, operatorRestarts);
        timeline(html, components, events, now);
        html.append("<p class=\"legend muted\">recovery:<span class=\"RECOVERED\"></span>recovered")
                .append("<span class=\"ESCALATED\"></span>escalated<span class=\"FAILED\"></span>failed")
                .append(" &nbsp; operator restart:<span class=\"OPERATOR\"></span>done")
                .append("<span class=\"OPERATOR_FAILED\"></span>failed</p></section>\n");
        eventTable(html, events);
        html.append("</div>\n<p id=\"stale\" hidden>The server does not answer: showing the last state seen.</p>\n")
                .append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return html.toString();
    }

    // ---- sections ----

    private static void summary(StringBuilder html, List<ComponentView> components, List<RecoveryRecord> recoveries,
            int leakedThreads, Instant now) {
        long notActive = components.stream().filter(c -> c.state() != ComponentState.ACTIVE).count();
        long failed = components.stream().filter(c -> c.state() == ComponentState.FAILED).count();
        String overall = notActive == 0 ? "ACTIVE" : failed > 0 ? "FAILED" : "DEGRADED";
        html.append("<header><h1>Rebound</h1><p class=\"summary\" id=\"summary\"><span class=\"state ")
                .append(overall).append("\">")
                .append(notActive == 0 ? "all " + components.size() + " components ACTIVE"
                        : notActive + " of " + components.size() + " components not ACTIVE")
                .append("</span> &middot; MTTR <b id=\"mttr\">").append(mttr(recoveries, null)).append("</b>")
                .append(" over ").append(recovered(recoveries, null)).append(" recoveries &middot; ")
                .append(recoveries.size()).append(" recovery records &middot; leaked threads ").append(leakedThreads)
                .append(" &middot; <span class=\"muted\">updated ").append(CLOCK.format(now))
                .append(" UTC</span></p></header>\n");
    }

    private static void componentTable(StringBuilder html, List<ComponentView> components,
            List<RecoveryRecord> recoveries) {
        html.append("<section><h2>Components</h2><table id=\"components\"><thead><tr><th>component</th>")
                .append("<th>state</th><th>restarts</th><th>recoveries</th><th>MTTR</th><th>last failure</th>")
                .append("<th>depends on</th></tr></thead><tbody>\n");
        for (ComponentView c : components) {
            html.append("<tr data-component=\"").append(escape(c.name())).append("\" data-state=\"")
                    .append(c.state()).append("\"><td>").append(escape(c.name()))
                    .append("<br><span class=\"muted\">").append(escape(c.bundle())).append(" [")
                    .append(c.bundleId()).append("]</span></td><td><span class=\"state ").append(c.state())
                    .append("\">").append(c.state()).append("</span></td><td class=\"num restarts\">")
                    .append(c.restarts()).append("</td><td class=\"num\">").append(count(recoveries, c.name()))
                    .append("</td><td class=\"num\">").append(mttr(recoveries, c.name())).append("</td><td class=\"cause\">");
            if (c.lastFailureCause() == null) {
                html.append("<span class=\"muted\">none</span>");
            } else {
                html.append(CLOCK.format(c.lastFailureAt())).append(' ').append(escape(c.lastFailureCause()));
            }
            html.append("</td><td>").append(c.dependsOn().isEmpty() ? "<span class=\"muted\">-</span>"
                    : escape(String.join(", ", c.dependsOn()))).append("</td></tr>\n");
        }
        html.append("</tbody></table></section>\n");
    }

    /** Dependencies to the left, their users to the right: each column one step further up the chain. */
    private static void dependencyGraph(StringBuilder html, List<ComponentView> components) {
        Map<String, ComponentView> byName = new LinkedHashMap<>();
        components.forEach(c -> byName.put(c.name(), c));
        Map<String, Integer> layer = new HashMap<>();
        byName.keySet().forEach(n -> layer.put(n, 0));
        // Longest chain below each component; bounded passes, so a dependency cycle cannot loop forever.
        for (int pass = 0; pass < byName.size(); pass++) {
            for (ComponentView c : byName.values()) {
                for (String dependency : c.dependsOn()) {
                    if (byName.containsKey(dependency)) {
                        layer.put(c.name(), Math.min(byName.size(),
                                Math.max(layer.get(c.name()), layer.get(dependency) + 1)));
                    }
                }
            }
        }
        int boxWidth = 150;
        int boxHeight = 34;
        int columnGap = 70;
        int rowGap = 14;
        Map<Integer, List<String>> columns = new TreeMap<>();
        byName.keySet().forEach(n -> columns.computeIfAbsent(layer.get(n), k -> new ArrayList<>()).add(n));
        Map<String, int[]> position = new HashMap<>();
        int column = 0;
        int rows = 1;
        for (List<String> names : columns.values()) {
            for (int row = 0; row < names.size(); row++) {
                position.put(names.get(row), new int[] { 10 + column * (boxWidth + columnGap),
                    10 + row * (boxHeight + rowGap) });
            }
            rows = Math.max(rows, names.size());
            column++;
        }
        int width = Math.max(1, column) * (boxWidth + columnGap) - columnGap + 20;
        int nodesHeight = rows * (boxHeight + rowGap) - rowGap + 20;
        // An edge that skips a column would run behind the boxes in between and look like it ended there: it
        // goes round below the nodes instead, each in its own lane.
        StringBuilder edges = new StringBuilder();
        int lanes = 0;
        for (ComponentView c : byName.values()) {
            int[] from = position.get(c.name());
            for (String dependency : c.dependsOn()) {
                int[] to = position.get(dependency);
                if (to == null) {
                    continue;
                }
                int x1 = from[0];
                int y1 = from[1] + boxHeight / 2;
                int x2 = to[0] + boxWidth;
                int y2 = to[1] + boxHeight / 2;
                String d;
                if (x1 - x2 > columnGap) {
                    int lane = nodesHeight + lanes++ * 10;
                    d = "M" + x1 + "," + y1 + " C" + (x1 - 30) + "," + y1 + " " + (x1 - 30) + "," + lane + " "
                            + (x1 - 45) + "," + lane + " L" + (x2 + 45) + "," + lane + " C" + (x2 + 30) + "," + lane
                            + " " + (x2 + 30) + "," + y2 + " " + x2 + "," + y2;
                } else {
                    int bend = Math.max(20, Math.abs(x1 - x2) / 2);
                    d = "M" + x1 + "," + y1 + " C" + (x1 - bend) + "," + y1 + " " + (x2 + bend) + "," + y2 + " "
                            + x2 + "," + y2;
                }
                edges.append("<path class=\"edge\" data-from=\"").append(escape(c.name())).append("\" data-to=\"")
                        .append(escape(dependency)).append("\" marker-end=\"url(#arrow)\" d=\"").append(d)
                        .append("\"><title>").append(escape(c.name())).append(" uses ").append(escape(dependency))
                        .append("</title></path>");
            }
        }
        int height = nodesHeight + lanes * 10;
        html.append("<svg id=\"graph\" role=\"img\" aria-label=\"component dependency graph\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width)
                .append(' ').append(height).append("\"><defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" ")
                .append("refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
                .append("<path class=\"arrow\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>").append(edges);
        for (ComponentView c : byName.values()) {
            int[] at = position.get(c.name());
            html.append("<g class=\"node ").append(c.state()).append("\" data-component=\"").append(escape(c.name()))
                    .append("\"><title>").append(escape(c.name())).append(": ").append(c.state()).append(", ")
                    .append(c.restarts()).append(" restarts</title><rect x=\"").append(at[0]).append("\" y=\"")
                    .append(at[1]).append("\" width=\"").append(boxWidth).append("\" height=\"").append(boxHeight)
                    .append("\" rx=\"6\"/><text x=\"").append(at[0] + 10).append("\" y=\"").append(at[1] + 21)
                    .append("\">").append(escape(shorten(c.name(), 17))).append(" (").append(c.restarts())
                    .append(")</text></g>");
        }
        html.append("</svg>");
    }

    private static void timeline(StringBuilder html, List<ComponentView> components, List<Event> events,
            Instant now) {
        Instant earliest = events.stream().map(Event::start).min(Comparator.naturalOrder()).orElse(now);
        Instant start = now.minus(MIN_SPAN);
        if (earliest.isBefore(start)) {
            start = earliest.isBefore(now.minus(MAX_SPAN)) ? now.minus(MAX_SPAN) : earliest;
        }
        Instant from = start;
        List<Event> shown = events.stream().filter(e -> !e.end().isBefore(from)).toList();
        List<String> rows = new ArrayList<>();
        components.forEach(c -> rows.add(c.name()));
        shown.forEach(e -> {
            if (!rows.contains(e.component())) {
                rows.add(e.component());
            }
        });
        int label = 130;
        int plot = 800;
        int rowHeight = 22;
        int top = 6;
        int height = top + Math.max(1, rows.size()) * rowHeight + 24;
        double span = Math.max(1, Duration.between(from, now).toMillis());
        html.append("<svg id=\"timeline\" role=\"img\" aria-label=\"recovery timeline\" width=\"")
                .append(label + plot + 10).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
                .append(label + plot + 10).append(' ').append(height).append("\">");
        for (int i = 0; i < rows.size(); i++) {
            int y = top + i * rowHeight;
            html.append("<text x=\"0\" y=\"").append(y + 15).append("\">").append(escape(shorten(rows.get(i), 18)))
                    .append("</text><line class=\"grid\" x1=\"").append(label).append("\" x2=\"").append(label + plot)
                    .append("\" y1=\"").append(y + rowHeight - 1).append("\" y2=\"").append(y + rowHeight - 1)
                    .append("\"/>");
        }
        int axisY = top + Math.max(1, rows.size()) * rowHeight;
        html.append("<line class=\"axis\" x1=\"").append(label).append("\" x2=\"").append(label + plot)
                .append("\" y1=\"").append(axisY).append("\" y2=\"").append(axisY).append("\"/>");
        for (int tick = 0; tick <= 4; tick++) {
            int x = label + tick * plot / 4;
            Instant at = from.plusMillis((long) (span * tick / 4));
            html.append("<line class=\"axis\" x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"")
                    .append(axisY).append("\" y2=\"").append(axisY + 4).append("\"/><text x=\"")
                    .append(tick == 4 ? x - 56 : Math.max(label, x - 28)).append("\" y=\"").append(axisY + 17)
                    .append("\">").append(CLOCK.format(at)).append("</text>");
        }
        for (Event e : shown) {
            int row = rows.indexOf(e.component());
            double x1 = label + plot * Math.max(0, Duration.between(from, e.start()).toMillis()) / span;
            double x2 = label + plot * Math.max(0, Duration.between(from, e.end()).toMillis()) / span;
            double width = Math.max(4, x2 - x1);
            x1 = Math.min(x1, label + plot - width);
            html.append("<rect class=\"event ").append(e.kind()).append("\" data-component=\"")
                    .append(escape(e.component())).append("\" data-kind=\"").append(e.kind()).append("\" x=\"")
                    .append(Math.round(x1)).append("\" y=\"").append(top + row * rowHeight + 4).append("\" width=\"")
                    .append(Math.round(width)).append("\" height=\"").append(rowHeight - 9)
                    .append("\" rx=\"2\"><title>").append(escape(e.title())).append("</title></rect>");
        }
        html.append("</svg>");
    }

    private static void eventTable(StringBuilder html, List<Event> events) {
        html.append("<section><h2>Latest events</h2><table id=\"events\"><thead><tr><th>time (UTC)</th>")
                .append("<th>component</th><th>what</th><th>detail</th></tr></thead><tbody>\n");
        List<Event> newest = new ArrayList<>(events);
        newest.sort(Comparator.comparing(Event::start).reversed());
        if (newest.isEmpty()) {
            html.append("<tr><td colspan=\"4\" class=\"muted\">no recoveries or operator restarts yet</td></tr>\n");
        }
        for (Event e : newest.subList(0, Math.min(EVENTS_LISTED, newest.size()))) {
            html.append("<tr data-component=\"").append(escape(e.component())).append("\" data-kind=\"")
                    .append(e.kind()).append("\"><td>").append(CLOCK.format(e.start())).append("</td><td>")
                    .append(escape(e.component())).append("</td><td>").append(e.kind().toLowerCase().replace('_', ' '))
                    .append("</td><td class=\"cause\">").append(escape(e.title())).append("</td></tr>\n");
        }
        html.append("</tbody></table></section>\n");
    }

    // ---- data ----

    private static List<Event> events(List<RecoveryRecord> recoveries,
            List<OperatorRestarts.Restart> operatorRestarts) {
        List<Event> events = new ArrayList<>();
        for (RecoveryRecord r : recoveries) {
            Instant end = r.recoveredAt().isBefore(r.detectedAt()) ? r.detectedAt() : r.recoveredAt();
            events.add(new Event(r.name(), r.detectedAt(), end, r.result(), r.result() + " by " + r.action()
                    + " in " + r.durationMillis() + " ms (detected in " + r.detectionMillis() + " ms); cause: "
                    + r.cause()));
        }
        for (OperatorRestarts.Restart r : operatorRestarts) {
            events.add(new Event(r.name(), r.at(), r.at().plusMillis(r.durationMillis()),
                    r.succeeded() ? "OPERATOR" : "OPERATOR_FAILED", "operator restart via " + r.via() + ", "
                    + (r.succeeded() ? "serving again after " : "failed after ") + r.durationMillis() + " ms"));
        }
        events.sort(Comparator.comparing(Event::start));
        return events;
    }

    /** Mean time to recover: over the recoveries after which the component served again. */
    static String mttr(List<RecoveryRecord> recoveries, String component) {
        long total = 0;
        int n = 0;
        for (RecoveryRecord r : recoveries) {
            if (servedAgain(r) && (component == null || component.equals(r.name()))) {
                total += r.durationMillis();
                n++;
            }
        }
        return n == 0 ? "-" : (total / n) + " ms";
    }

    private static long recovered(List<RecoveryRecord> recoveries, String component) {
        return recoveries.stream().filter(StatusPage::servedAgain)
                .filter(r -> component == null || component.equals(r.name())).count();
    }

    private static long count(List<RecoveryRecord> recoveries, String component) {
        return recoveries.stream().filter(r -> component.equals(r.name())).count();
    }

    private static boolean servedAgain(RecoveryRecord r) {
        return "RECOVERED".equals(r.result()) || "ESCALATED".equals(r.result());
    }

    // ---- text ----

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '&': out.append("&amp;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
