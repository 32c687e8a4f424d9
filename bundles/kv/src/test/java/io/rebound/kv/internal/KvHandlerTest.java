package io.rebound.kv.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.rebound.recovery.api.FaultKind;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.state.api.StateStore;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

class KvHandlerTest {

    private static final int MAX_KEY = 512;
    private static final int MAX_VALUE = 1024 * 1024;

    private final MemoryStateMap records = new MemoryStateMap();
    private final FaultSwitch faults = new FaultSwitch("kv", false, 10);
    private final KvHandler kv = new KvHandler(records, MAX_KEY, MAX_VALUE, 1000, 10_000, faults);

    private Exchange send(String method, String target) throws IOException {
        return Exchange.of(method, target).on(kv);
    }

    private Exchange put(String target, String value) throws IOException {
        return Exchange.of("PUT", target).body(value).on(kv);
    }

    @Test
    void putCreatesThenOverwritesGetReadsDeleteRemoves() throws IOException {
        Exchange created = put("/kv/greeting", "hello");
        assertEquals(201, created.answered());
        assertEquals("/kv/greeting", created.answeredHeader("Location"));
        assertEquals(204, put("/kv/greeting", "hello again").answered());

        Exchange read = send("GET", "/kv/greeting");
        assertEquals(200, read.answered());
        assertEquals("hello again", read.answeredText());
        assertEquals(KvHandler.OCTETS, read.answeredHeader("Content-Type"));
        assertEquals(200, send("HEAD", "/kv/greeting").answered());

        assertEquals(204, send("DELETE", "/kv/greeting").answered());
        assertEquals(404, send("GET", "/kv/greeting").answered());
        assertEquals(404, send("DELETE", "/kv/greeting").answered());
        assertEquals(404, send("HEAD", "/kv/never").answered());
    }

    @Test
    void valuesAreBytesAndMayBeEmpty() throws IOException {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        assertEquals(201, Exchange.of("PUT", "/kv/bin").body(binary).on(kv).answered());
        assertArrayEquals(binary, send("GET", "/kv/bin").answeredBody());
        assertEquals(201, put("/kv/empty", "").answered());
        assertEquals(200, send("GET", "/kv/empty").answered());
        assertEquals(0, send("GET", "/kv/empty").answeredBody().length);
    }

    @Test
    void keysArePercentDecodedExactlyOnce() throws IOException {
        assertEquals(201, put("/kv/a%2541", "v").answered());
        assertEquals("v", records.getText("a%41"));
        assertEquals(201, put("/kv/dir/file%20name", "v").answered());
        assertEquals("v", records.getText("dir/file name"));
        assertEquals(201, put("/kv/%E2%82%AC", "euro").answered());
        assertEquals("euro", records.getText("€"));
        assertEquals(201, put("/kv/a+b", "plus").answered());
        assertEquals("plus", records.getText("a+b"), "+ is itself in a path");
    }

    @Test
    void brokenEncodingsAre400() throws IOException {
        assertEquals(400, put("/kv/a%zz", "v").answered());
        assertEquals(400, put("/kv/a%4", "v").answered());
        assertEquals(400, put("/kv/%ff%fe", "v").answered(), "not UTF-8");
        assertEquals(0, records.size());
    }

    @Test
    void keysOverTheLimitAre414() throws IOException {
        assertEquals(201, put("/kv/" + "k".repeat(MAX_KEY), "v").answered());
        assertEquals(414, put("/kv/" + "k".repeat(MAX_KEY + 1), "v").answered());
        assertEquals(414, send("GET", "/kv/" + "k".repeat(MAX_KEY + 1)).answered());
        // 171 euro signs are 513 bytes of UTF-8 though only 171 characters.
        assertEquals(414, put("/kv/" + "%E2%82%AC".repeat(171), "v").answered());
        assertEquals(201, put("/kv/" + "%E2%82%AC".repeat(170), "v").answered());
        assertEquals(414, put("/kv/" + "%41".repeat(MAX_KEY + 1), "v").answered());
        assertEquals(414, put("/kv/" + "x".repeat(100_000), "v").answered());
        assertEquals(2, records.size());
    }

    @Test
    void valuesOverTheLimitAre413AndCloseTheConnection() throws IOException {
        byte[] max = new byte[MAX_VALUE];
        assertEquals(201, Exchange.of("PUT", "/kv/max").body(max).on(kv).answered());
        Exchange declared = Exchange.of("PUT", "/kv/big").body(new byte[MAX_VALUE + 1]).on(kv);
        assertEquals(413, declared.answered());
        assertEquals("close", declared.answeredHeader("Connection"));
        Exchange chunked = Exchange.of("PUT", "/kv/big").body(new byte[MAX_VALUE + 1]).chunked().on(kv);
        assertEquals(413, chunked.answered());
        assertEquals(201, Exchange.of("PUT", "/kv/chunked").body(new byte[MAX_VALUE]).chunked().on(kv).answered());
        assertNull(records.get("big"));
        assertEquals(2, records.size());
    }

    @Test
    void listingIsOneEncodedKeyPerLineInOrder() throws IOException {
        for (String key : new String[] { "b", "a", "c/1", "line\nbreak", "space key" }) {
            put("/kv/" + PercentCoding.encode(key), "v");
        }
        Exchange all = send("GET", "/kv/");
        assertEquals(200, all.answered());
        assertEquals(KvHandler.TEXT, all.answeredHeader("Content-Type"));
        assertEquals("a\nb\nc/1\nline%0Abreak\nspace%20key\n", all.answeredText());
        assertEquals(all.answeredText(), send("GET", "/kv").answeredText(), "/kv lists too");
        assertNull(all.answeredHeader("Kv-Next-After"));

        assertEquals("c/1\n", send("GET", "/kv/?prefix=c%2F").answeredText());
        Exchange page = send("GET", "/kv/?limit=2");
        assertEquals("a\nb\n", page.answeredText());
        assertEquals("b", page.answeredHeader("Kv-Next-After"));
        assertEquals("c/1\nline%0Abreak\n", send("GET", "/kv/?limit=2&after=b").answeredText());
        assertEquals("space%20key\n", send("GET", "/kv/?prefix=space+k").answeredText());
    }

    @Test
    void listingAsJson() throws IOException {
        put("/kv/a", "1");
        put("/kv/quote%22d", "2");
        put("/kv/z", "3");
        Exchange json = Exchange.of("GET", "/kv/?limit=2").header("Accept", "application/json").on(kv);
        assertEquals(KvHandler.JSON, json.answeredHeader("Content-Type"));
        assertEquals("{\"keys\":[\"a\",\"quote\\\"d\"],\"next\":\"quote\\\"d\"}\n", json.answeredText());
        Exchange rest = Exchange.of("GET", "/kv/?after=quote%22d").header("Accept", "application/json").on(kv);
        assertEquals("{\"keys\":[\"z\"],\"next\":null}\n", rest.answeredText());
    }

    @Test
    void badListingQueriesAre400() throws IOException {
        assertEquals(400, send("GET", "/kv/?limit=0").answered());
        assertEquals(400, send("GET", "/kv/?limit=10001").answered());
        assertEquals(400, send("GET", "/kv/?limit=many").answered());
        assertEquals(400, send("GET", "/kv/?colour=red").answered());
        assertEquals(400, send("GET", "/kv/?prefix=%zz").answered());
    }

    @Test
    void theCollectionTakesNoPutOrDelete() throws IOException {
        Exchange put = put("/kv/", "v");
        assertEquals(405, put.answered());
        assertEquals("GET, HEAD", put.answeredHeader("Allow"));
        assertEquals(405, send("DELETE", "/kv").answered());
    }

    @Test
    void aStoreThatCannotMakeChangesDurableIs503() throws IOException {
        records.failing = true;
        Exchange put = put("/kv/k", "v");
        assertEquals(503, put.answered());
        assertEquals("1", put.answeredHeader("Retry-After"));
        assertEquals(503, send("GET", "/kv/k").answered());
    }

    @Test
    void countsRequestsPerMethodAndRestoresThemAcrossInstances() throws IOException {
        put("/kv/a", "1");
        send("GET", "/kv/a");
        send("GET", "/kv/a");
        send("DELETE", "/kv/a");
        Exchange stats = send("GET", "/kv/?stats");
        assertEquals("GET 3\nHEAD 0\nPUT 1\nDELETE 1\n", stats.answeredText());
        byte[] checkpoint = kv.checkpoint();

        KvHandler next = new KvHandler(records, MAX_KEY, MAX_VALUE, 1000, 10_000, new FaultSwitch("kv", false, 10));
        Exchange.of("GET", "/kv/a").on(next);
        next.restore(checkpoint);
        assertEquals(Map.of("GET", 4L, "HEAD", 0L, "PUT", 1L, "DELETE", 1L), next.counts());
        Exchange json = Exchange.of("GET", "/kv/?stats").header("Accept", "application/json").on(next);
        assertEquals("{\"GET\":5,\"HEAD\":0,\"PUT\":1,\"DELETE\":1}\n", json.answeredText());
        next.restore("GET many\nbogus\nPUT 2".getBytes(StandardCharsets.UTF_8));
        assertEquals(3L, next.counts().get("PUT"));
    }

    @Test
    void anInjectedCrashBreaksEveryCallAndVoidsTheCheckpoint() throws IOException {
        put("/kv/a", "1");
        assertTrue(kv.checkpoint() != null);
        faults.inject(FaultKind.CRASH);
        assertThrows(FaultSwitch.InjectedFault.class, () -> send("GET", "/kv/a"));
        assertThrows(FaultSwitch.InjectedFault.class, () -> put("/kv/b", "2"));
        assertNull(records.get("b"));
        assertNull(kv.checkpoint(), "a failed instance's counters are not saved");
        kv.deactivate();
    }

    @Test
    void anInjectedExceptionFailsOneCall() throws IOException {
        faults.inject(FaultKind.EXCEPTION);
        assertThrows(FaultSwitch.InjectedFault.class, () -> put("/kv/a", "1"));
        assertEquals(201, put("/kv/a", "1").answered());
    }

    @Test
    void badLimitsFailActivation() {
        assertThrows(IllegalArgumentException.class, () -> new KvHandler(records, 0, 10, 1, 1, faults));
        assertThrows(IllegalArgumentException.class, () -> new KvHandler(records, 1, -1, 1, 1, faults));
        assertThrows(IllegalArgumentException.class, () -> new KvHandler(records, 1, 10, 5, 4, faults));
    }

    /** A bundle context that answers getProperty with null (no faults), and a store holding only {@code records}. */
    private KvHandler activated(Map<String, Object> properties) {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        StateStore store = (StateStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { StateStore.class }, (proxy, method, args) -> {
                    if (method.getName().equals("map") && KvHandler.MAP.equals(args[0])) {
                        return records;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new KvHandler(context, properties, store);
    }

    @Test
    void everyDeclaredAttributeIsReadUnderTheNameDsGivesIt() {
        Method[] attributes = KvConfig.class.getDeclaredMethods();
        assertEquals(4, attributes.length);
        for (Method attribute : attributes) {
            String property = attribute.getName().replace('_', '.');
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> activated(Map.of(property, "big")), property);
            assertEquals("io.rebound.kv: " + property + " must be an integer, got \"big\"", e.getMessage());
        }
    }

    @Test
    void limitsFromAConfigurationFileApply() throws IOException {
        KvHandler configured = activated(Map.of("max.key.bytes", "4", "max.value.bytes", "2"));
        assertEquals(414, Exchange.of("GET", "/kv/abcde").on(configured).answered());
        assertEquals(413, Exchange.of("PUT", "/kv/abcd").body("abc").on(configured).answered());
        assertEquals(201, Exchange.of("PUT", "/kv/abcd").body("ab").on(configured).answered());
        configured.deactivate();
    }
}
