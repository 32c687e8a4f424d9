package io.rebound.recovery.internal;

import static io.rebound.recovery.internal.ServerMetricsTest.component;
import static io.rebound.recovery.internal.ServerMetricsTest.recovery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class StatusPageTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static String page() {
        List<ComponentView> components = List.of(component("connector", ComponentState.ACTIVE, 2, "parser", "router"),
                component("router", ComponentState.ACTIVE, 0, "files"), component("parser", ComponentState.ACTIVE, 1),
                component("files", ComponentState.FAILED, 0));
        List<RecoveryRecord> recoveries = List.of(recovery("parser", NOW.minusSeconds(100), 5, 100, "RECOVERED"),
                recovery("connector", NOW.minusSeconds(50), 5, 300, "RECOVERED"),
                new RecoveryRecord("files", "<script>alert(1)</script>", NOW.minusSeconds(20), NOW.minusSeconds(19),
                        1, 1_000, "FAILED", "stopped files"));
        List<OperatorRestarts.Restart> restarts = List.of(new OperatorRestarts.Restart("connector",
                NOW.minusSeconds(30), 80, "admin 127.0.0.1", true));
        return StatusPage.render(components, recoveries, restarts, 0, NOW);
    }

    @Test
    void showsComponentsStatesRestartsAndMttr() {
        String html = page();
        assertTrue(html.contains("<tr data-component=\"connector\" data-state=\"ACTIVE\">"), html);
        assertTrue(html.contains("<tr data-component=\"files\" data-state=\"FAILED\">"), html);
        assertTrue(html.contains("class=\"num restarts\">2<"), html);
        // MTTR over the two recoveries that served again: (100 + 300) / 2.
        assertTrue(html.contains("MTTR <b id=\"mttr\">200 ms</b> over 2 recoveries"), html);
        assertTrue(html.contains("1 of 4 components not ACTIVE"), html);
    }

    @Test
    void drawsTheDependencyGraphAndTheTimelineAsInlineSvg() {
        String html = page();
        assertTrue(html.contains("<svg id=\"graph\""), html);
        assertTrue(html.contains("data-from=\"connector\" data-to=\"parser\""), html);
        assertTrue(html.contains("data-from=\"router\" data-to=\"files\""), html);
        assertTrue(html.contains("<svg id=\"timeline\""), html);
        assertEquals(4, count(html, "<rect class=\"event "), "three recoveries and one operator restart");
        assertTrue(html.contains("data-component=\"connector\" data-kind=\"OPERATOR\""), html);
    }

    @Test
    void escapesWhatComesFromOutside() {
        String html = page();
        assertFalse(html.contains("<script>alert(1)"), "a failure cause must not become markup");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", StatusPage.escape("<a href=\"x\">&'"));
    }

    @Test
    void loadsNothingFromElsewhereAndItsPolicyAllowsExactlyItsOwnScriptAndStyle() throws Exception {
        String html = page();
        assertFalse(Pattern.compile("(src|href)=\"(?!data:)", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "no external asset");
        assertFalse(html.contains("http://") || html.contains("https://"));
        assertEquals(1, count(html, "<script>"));
        assertEquals(1, count(html, "<style>"));
        for (String tag : new String[] { "script", "style" }) {
            Matcher m = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">", Pattern.DOTALL).matcher(html);
            assertTrue(m.find());
            String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(m.group(1).getBytes(StandardCharsets.UTF_8)));
            assertTrue(StatusPage.CONTENT_SECURITY_POLICY.contains(tag + "-src 'sha256-" + hash + "'"),
                    tag + " hash missing from " + StatusPage.CONTENT_SECURITY_POLICY);
        }
        assertTrue(StatusPage.CONTENT_SECURITY_POLICY.startsWith("default-src 'none'"));
    }

    @Test
    void rendersAnEmptyServer() {
        String html = StatusPage.render(List.of(), List.of(), List.of(), 0, NOW);
        assertTrue(html.contains("no recoveries or operator restarts yet"));
        assertTrue(html.contains("MTTR <b id=\"mttr\">-</b>"));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
