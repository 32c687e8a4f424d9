package io.rebound.kv.internal;

import io.rebound.http.api.HttpStatus;

/**
 * The query of a listing, {@code GET /kv/?prefix=P&after=A&limit=N} (values percent-decoded, {@code +} as space),
 * or {@code GET /kv/?stats} for the request counters.
 */
record ListingQuery(String prefix, String after, int limit, boolean stats) {

    /** @throws KeyRejection 400 for a bad limit, an unknown parameter or a broken encoding */
    static ListingQuery parse(String query, int defaultLimit, int maxLimit) throws KeyRejection {
        String prefix = "";
        String after = null;
        int limit = defaultLimit;
        boolean stats = false;
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = PercentCoding.utf8(PercentCoding.decode(eq < 0 ? "" : pair.substring(eq + 1), true));
                switch (name) {
                    case "prefix" -> prefix = value;
                    case "after" -> after = value;
                    case "stats" -> stats = true;
                    case "limit" -> limit = limit(value, maxLimit);
                    default -> throw new KeyRejection(HttpStatus.BAD_REQUEST, "unknown parameter '" + name
                            + "' (prefix, after, limit, stats)");
                }
            }
        }
        return new ListingQuery(prefix, after, limit, stats);
    }

    private static int limit(String value, int maxLimit) throws KeyRejection {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= maxLimit) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        throw new KeyRejection(HttpStatus.BAD_REQUEST, "limit must be 1 to " + maxLimit + ", not '" + value + "'");
    }
}
