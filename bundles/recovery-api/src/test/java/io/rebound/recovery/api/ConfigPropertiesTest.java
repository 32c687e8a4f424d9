package io.rebound.recovery.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigPropertiesTest {

    private static ConfigProperties of(String name, Object value) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(name, value);
        return new ConfigProperties("io.rebound.test", properties);
    }

    private static String error(Runnable read) {
        return assertThrows(InvalidConfigurationException.class, read::run).getMessage();
    }

    @Test
    void anAbsentPropertyTakesTheDefault() {
        ConfigProperties config = new ConfigProperties("io.rebound.test", Map.of("other", "x"));
        assertEquals(2_000L, config.longValue("hold.millis", 2_000));
        assertEquals(192, config.intValue("max.calls", 192));
        assertEquals("index.html", config.stringValue("index.file", "index.html"));
    }

    @Test
    void integersComeAsAnyIntegralTypeOrAsText() {
        assertEquals(7L, of("n", 7L).longValue("n", 0));
        assertEquals(7L, of("n", 7).longValue("n", 0));
        assertEquals(7L, of("n", (short) 7).longValue("n", 0));
        assertEquals(7L, of("n", (byte) 7).longValue("n", 0));
        assertEquals(7L, of("n", BigInteger.valueOf(7)).longValue("n", 0));
        // Configuration files (FileInstall .cfg) give strings, with whatever spaces the operator typed.
        assertEquals(-7L, of("n", " -7 ").longValue("n", 0));
        assertEquals(Long.MAX_VALUE, of("n", Long.toString(Long.MAX_VALUE)).longValue("n", 0));
        assertEquals(7, of("n", "7").intValue("n", 0));
    }

    @Test
    void oneValueInAnArrayOrCollectionIsThatValue() {
        assertEquals(7L, of("n", new long[] {7}).longValue("n", 0));
        assertEquals(7L, of("n", new String[] {"7"}).longValue("n", 0));
        assertEquals(7L, of("n", List.of(7)).longValue("n", 0));
        assertEquals("a", of("s", new String[] {"a"}).stringValue("s", ""));
    }

    @Test
    void textThatIsNotAnIntegerIsRefusedWithPidNameAndValue() {
        assertEquals("io.rebound.test: hold.millis must be an integer, got \"2s\"",
                error(() -> of("hold.millis", "2s").longValue("hold.millis", 0)));
        assertEquals("io.rebound.test: n must be an integer, got \"1.5\"", error(() -> of("n", "1.5").intValue("n", 0)));
    }

    @Test
    void aNumberOfAnotherKindIsRefusedNotTruncated() {
        assertEquals("io.rebound.test: n must be an integer, got 1.5 (Double)",
                error(() -> of("n", 1.5d).longValue("n", 0)));
        assertEquals("io.rebound.test: n must be an integer, got true (Boolean)",
                error(() -> of("n", true).longValue("n", 0)));
        assertEquals("io.rebound.test: n must be an integer, got \"" + BigInteger.TWO.pow(64) + "\"",
                error(() -> of("n", BigInteger.TWO.pow(64).toString()).longValue("n", 0)));
        error(() -> of("n", BigInteger.TWO.pow(63)).longValue("n", 0));
    }

    @Test
    void anIntPropertyOutsideTheIntRangeIsRefused() {
        assertEquals("io.rebound.test: n must be an integer from -2147483648 to 2147483647, got 2147483648",
                error(() -> of("n", 2_147_483_648L).intValue("n", 0)));
        assertEquals(Integer.MIN_VALUE, of("n", (long) Integer.MIN_VALUE).intValue("n", 0));
    }

    @Test
    void anEmptyValueIsRefusedRatherThanReplacedByTheDefault() {
        assertEquals("io.rebound.test: n must be a value, got an empty one", error(() -> of("n", "").longValue("n", 5)));
        assertEquals("io.rebound.test: s must be a value, got an empty one",
                error(() -> of("s", "  ").stringValue("s", "x")));
        assertEquals("io.rebound.test: n must be one value, got []", error(() -> of("n", new int[0]).intValue("n", 5)));
    }

    @Test
    void severalValuesWhereOneIsExpectedAreRefused() {
        assertEquals("io.rebound.test: n must be one value, got [1, 2]",
                error(() -> of("n", new int[] {1, 2}).longValue("n", 0)));
        assertEquals("io.rebound.test: s must be one value, got [a, b]",
                error(() -> of("s", List.of("a", "b")).stringValue("s", "")));
    }

    @Test
    void stringsTakeScalarsInTheirUsualTextAndRefuseOtherObjects() {
        assertEquals("index.htm", of("s", "index.htm").stringValue("s", ""));
        assertEquals("42", of("s", 42).stringValue("s", ""));
        assertEquals("io.rebound.test: s must be a string, got {} (HashMap)",
                error(() -> of("s", new HashMap<>()).stringValue("s", "")));
    }
}
