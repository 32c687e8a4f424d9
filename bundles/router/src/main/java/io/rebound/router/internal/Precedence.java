package io.rebound.router.internal;

import java.util.Comparator;

/**
 * The order in which routes are tried. Longest prefix first, so the first route that serves a path is the longest
 * match; on the same prefix the higher ranking, then the older (lower id) service comes first, as for any OSGi
 * service lookup.
 * <p>
 * A class rather than a chain of {@code Comparator} lambdas: it is first used while a rebooted router starts, and
 * every lambda linked then costs a generated class in the new class loader, time during which requests are held.
 */
final class Precedence implements Comparator<Route> {

    @Override
    public int compare(Route a, Route b) {
        int byLength = Integer.compare(b.path().length(), a.path().length());
        if (byLength != 0) {
            return byLength;
        }
        int byPath = a.path().compareTo(b.path());
        if (byPath != 0) {
            return byPath;
        }
        int byRanking = Integer.compare(b.ranking(), a.ranking());
        if (byRanking != 0) {
            return byRanking;
        }
        return Long.compare(a.serviceId(), b.serviceId());
    }
}
