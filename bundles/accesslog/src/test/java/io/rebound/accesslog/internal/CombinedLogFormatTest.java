package io.rebound.accesslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

import io.rebound.http.spi.AccessRecord;

import org.junit.jupiter.api.Test;

class CombinedLogFormatTest {

    private final CombinedLogFormat utc = new CombinedLogFormat(ZoneOffset.UTC);

    @Test
    void formatsAllFields() {
        assertEquals("127.0.0.1 - - [05/Sep/2024:13:04:05 +0000] \"GET /index.html?a=1 HTTP/1.1\" 200 1234"
                + " \"http://example.com/\" \"curl/8.5.0\"", utc.format(Records.get("/index.html?a=1")));
    }

    @Test
    void writesTheTimeInTheGivenZoneWithItsOffset() {
        String berlin = new CombinedLogFormat(ZoneId.of("Europe/Berlin")).format(Records.get("/"));
        assertTrue(berlin.contains("[05/Sep/2024:15:04:05 +0200]"), berlin);
        String newYork = new CombinedLogFormat(ZoneId.of("America/New_York")).format(Records.get("/"));
        assertTrue(newYork.contains("[05/Sep/2024:09:04:05 -0400]"), newYork);
    }

    @Test
    void monthNamesAreEnglishWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            // 2024-03-01T00:00:00Z: "Mär" in German.
            AccessRecord march = new AccessRecord("::1", 1709251200_000L, "GET", "/", "HTTP/1.1", 200, 1,
                    null, null, 1);
            String line = new CombinedLogFormat(ZoneOffset.UTC).format(march);
            assertTrue(line.contains("[01/Mar/2024:00:00:00 +0000]"), line);
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void missingPartsAreDashes() {
        AccessRecord unparsable = new AccessRecord(null, Records.SEP_5_2024, null, null, null, 400, 0, null, null, 1);
        assertEquals("- - - [05/Sep/2024:13:04:05 +0000] \"-\" 400 - \"-\" \"-\"", utc.format(unparsable));
    }

    @Test
    void requestLineWithoutVersion() {
        AccessRecord r = new AccessRecord("h", Records.SEP_5_2024, "GET", "/", null, 200, 3, null, null, 1);
        assertTrue(utc.format(r).contains("\"GET /\" 200 3"), utc.format(r));
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        String line = utc.format(Records.withAgent("a\"b\\c"));
        assertTrue(line.endsWith("\"a\\\"b\\\\c\""), line);
    }

    @Test
    void aClientCannotForgeASecondLine() {
        String forged = "/x HTTP/1.1\" 200 1 \"-\" \"-\"\n10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] \"GET /admin";
        String line = utc.format(Records.get(forged));
        assertFalse(line.contains("\n"));
        assertFalse(line.contains("\r"));
        assertTrue(line.contains("\\\" 200 1 \\\"-\\\" \\\"-\\\"\\x0a10.0.0.1"), line);
        // The only unescaped quotes are the six that delimit the three quoted fields.
        assertEquals(6, line.replace("\\\"", "").chars().filter(c -> c == '"').count(), line);
    }

    @Test
    void controlAndNonAsciiBytesAreHexEscaped() {
        assertEquals("\\x0d\\x0a\\x09\\x1b[31m\\x7f\\x00", escape("\r\n\t\u001b[31m\u007f\u0000"));
        // A char up to 0xff stands for the byte received.
        assertEquals("caf\\xe9", escape("caf\u00e9"));
        // Beyond 0xff: the UTF-8 bytes, surrogate pairs as one code point.
        assertEquals("\\xe2\\x82\\xac", escape("\u20ac"));
        assertEquals("\\xf0\\x9f\\x98\\x80", escape("\ud83d\ude00"));
        assertEquals("plain ASCII ~!", escape("plain ASCII ~!"));
    }

    @Test
    void everyOutputCharIsPrintableAscii() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x400; c++) {
            all.append(c);
        }
        all.append("\ud800 lone surrogate");
        AccessRecord r = new AccessRecord(all.toString(), Records.SEP_5_2024, all.toString(), all.toString(),
                all.toString(), 200, 1, all.toString(), all.toString(), 1);
        String line = utc.format(r);
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "non-printable output");
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        CombinedLogFormat.appendEscaped(sb, s);
        return sb.toString();
    }
}
