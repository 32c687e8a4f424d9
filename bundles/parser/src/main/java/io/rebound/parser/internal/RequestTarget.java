package io.rebound.parser.internal;

/**
 * The four forms of request-target (RFC 9112 section 3.2), split into path and query. Nothing is percent-decoded:
 * decoding twice, or in the wrong place, is how paths escape their document root, so that is left to the handler.
 *
 * @param path the path part ({@code *} for asterisk-form, the authority itself for authority-form)
 * @param query the query part, or {@code null} when the target has no {@code ?}
 */
record RequestTarget(String path, String query) {

    private static final RequestTarget ASTERISK = new RequestTarget("*", null);

    /**
     * @param method the request's method, which decides the forms allowed
     * @param target the request-target, already checked to hold visible ASCII only and no {@code #}
     * @throws Rejection 400 when the target has no form allowed for {@code method}
     */
    static RequestTarget parse(String method, String target) {
        if (method.equals("CONNECT")) {
            // CONNECT names a tunnel endpoint and nothing else (RFC 9110 section 9.3.6).
            if (!Authority.isValid(target, 0, target.length(), true)) {
                throw Rejection.badRequest("CONNECT needs host:port, not " + LogSnippet.quote(target));
            }
            return new RequestTarget(target, null);
        }
        if (target.charAt(0) == '/') {
            return splitQuery(target, 0, "");
        }
        if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw Rejection.badRequest("asterisk-form target with method " + LogSnippet.quote(method));
            }
            return ASTERISK;
        }
        int authorityStart = schemeLength(target);
        if (authorityStart < 0) {
            throw Rejection.badRequest("request-target is not origin-, absolute-, authority- or asterisk-form: "
                    + LogSnippet.quote(target));
        }
        return absoluteForm(target, authorityStart);
    }

    /** @return the length of a leading {@code http://} or {@code https://} (any case), or -1 */
    private static int schemeLength(String target) {
        if (target.regionMatches(true, 0, "http://", 0, 7)) {
            return 7;
        }
        if (target.regionMatches(true, 0, "https://", 0, 8)) {
            return 8;
        }
        return -1;
    }

    private static RequestTarget absoluteForm(String target, int authorityStart) {
        int authorityEnd = authorityStart;
        while (authorityEnd < target.length() && target.charAt(authorityEnd) != '/'
                && target.charAt(authorityEnd) != '?') {
            authorityEnd++;
        }
        if (!Authority.isValid(target, authorityStart, authorityEnd, false)) {
            throw Rejection.badRequest("invalid authority in request-target " + LogSnippet.quote(target));
        }
        // http://host and http://host?q have an empty path, which means "/" (RFC 9112 section 3.2.1).
        return splitQuery(target, authorityEnd, "/");
    }

    private static RequestTarget splitQuery(String target, int pathStart, String pathIfEmpty) {
        int question = target.indexOf('?', pathStart);
        int pathEnd = question < 0 ? target.length() : question;
        String path = pathEnd == pathStart ? pathIfEmpty
                : pathStart == 0 && question < 0 ? target : target.substring(pathStart, pathEnd);
        return new RequestTarget(path, question < 0 ? null : target.substring(question + 1));
    }
}
