package io.rebound.router.internal;

import static io.rebound.router.internal.Handlers.named;
import static io.rebound.router.internal.Handlers.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import io.rebound.http.api.HttpHandler;

import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static Route route(long id, String path, int ranking) {
        return RouteProperties.toRoute(named(path + "#" + id), props(id, path, ranking));
    }

    private static String served(RouteTable table, String path) {
        Route r = table.match(path);
        return r == null ? null : r.path() + "#" + r.serviceId();
    }

    @Test
    void prefixMatchesOnSegmentBoundariesOnly() {
        RouteTable table = RouteTable.empty().with(route(1, "/kv", 0));
        assertEquals("/kv#1", served(table, "/kv"));
        assertEquals("/kv#1", served(table, "/kv/"));
        assertEquals("/kv#1", served(table, "/kv/a"));
        assertEquals("/kv#1", served(table, "/kv/a/b%2Fc"));
        assertNull(served(table, "/kvx"));
        assertNull(served(table, "/k"));
        assertNull(served(table, "/"));
        assertNull(served(table, "/other/kv"));
    }

    @Test
    void prefixEndingInSlashServesOnlyBelowIt() {
        RouteTable table = RouteTable.empty().with(route(1, "/kv/", 0));
        assertEquals("/kv/#1", served(table, "/kv/"));
        assertEquals("/kv/#1", served(table, "/kv/a"));
        assertNull(served(table, "/kv"));
    }

    @Test
    void rootServesEverythingButLongerPrefixesWin() {
        RouteTable table = RouteTable.empty()
                .with(route(1, "/", 0))
                .with(route(2, "/a", 0))
                .with(route(3, "/a/b", 0));
        assertEquals("/#1", served(table, "/"));
        assertEquals("/#1", served(table, "/index.html"));
        assertEquals("/#1", served(table, "/ab"));
        assertEquals("/a#2", served(table, "/a"));
        assertEquals("/a#2", served(table, "/a/bc"));
        assertEquals("/a/b#3", served(table, "/a/b"));
        assertEquals("/a/b#3", served(table, "/a/b/c"));
    }

    @Test
    void asteriskAndAuthorityFormHaveNoHandlerEmptyPathIsRoot() {
        RouteTable table = RouteTable.empty().with(route(1, "/", 0));
        assertNull(table.match("*"));
        assertNull(table.match("example.com:443"));
        assertEquals("/#1", served(table, ""));
    }

    @Test
    void higherRankingWinsOnTheSamePath() {
        RouteTable table = RouteTable.empty()
                .with(route(1, "/kv", 0))
                .with(route(2, "/kv", 5))
                .with(route(3, "/kv", -1));
        assertEquals("/kv#2", served(table, "/kv/x"));
    }

    @Test
    void lowerServiceIdWinsARankingTie() {
        RouteTable table = RouteTable.empty()
                .with(route(7, "/kv", 3))
                .with(route(4, "/kv", 3))
                .with(route(9, "/kv", 3));
        assertEquals("/kv#4", served(table, "/kv"));
    }

    @Test
    void removalRevealsTheNextHandlerAndLeavesOldSnapshotsAlone() {
        RouteTable both = RouteTable.empty().with(route(1, "/kv", 0)).with(route(2, "/kv", 1));
        RouteTable after = both.without(2);
        assertEquals("/kv#2", served(both, "/kv"));
        assertEquals("/kv#1", served(after, "/kv"));
        assertNull(served(after.without(1), "/kv"));
        assertSame(after, after.without(42), "removing an unknown id keeps the table");
    }

    @Test
    void addingTheSameServiceAgainReplacesIt() {
        RouteTable table = RouteTable.empty().with(route(1, "/old", 0)).with(route(1, "/new", 0));
        assertEquals(1, table.routes().size());
        assertNull(table.match("/old"));
        assertEquals("/new#1", served(table, "/new"));
    }

    @Test
    void methodsDefaultToGetAndHeadAndGetImpliesHead() {
        assertEquals(Set.of("GET", "HEAD"), route(1, "/", 0).methods());
        Route getOnly = RouteProperties.toRoute(named("x"), props(1, "/", "GET"));
        assertEquals(List.of("GET", "HEAD"), List.copyOf(getOnly.methods()));
        Route several = RouteProperties.toRoute(named("x"), props(1, "/", new String[] { "PUT", "GET", "DELETE" }));
        assertEquals("PUT, GET, HEAD, DELETE", several.allow());
        Route postOnly = RouteProperties.toRoute(named("x"), props(1, "/", new String[] { "POST" }));
        assertEquals("POST", postOnly.allow());
    }

    @Test
    void invalidPropertiesAreRejectedWithTheReason() {
        HttpHandler h = named("x");
        assertTrue(message(() -> RouteProperties.toRoute(h, props(1, null))).contains("rebound.http.path is missing"));
        assertTrue(message(() -> RouteProperties.toRoute(h, props(1, "kv"))).contains("does not start with /"));
        assertTrue(message(() -> RouteProperties.toRoute(h, props(1, 42))).contains("must be a String"));
        assertTrue(message(() -> RouteProperties.toRoute(h, props(1, "/a b"))).contains("index 2"));
        assertTrue(message(() -> RouteProperties.toRoute(h, props(1, "/", new String[0]))).contains("is empty"));
        assertTrue(message(() -> RouteProperties.toRoute(h, props(1, "/", "GET POST"))).contains("not a method"));
        assertTrue(message(() -> RouteProperties.toRoute(h, props(1, "/", (Object) 7))).contains("String or String[]"));
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
