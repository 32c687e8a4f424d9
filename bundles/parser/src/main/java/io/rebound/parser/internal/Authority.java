package io.rebound.parser.internal;

/**
 * Checks {@code uri-host [ ":" port ]} (RFC 3986 section 3.2.2, RFC 9110 section 7.2) as it appears in a Host
 * field, an absolute-form target and a CONNECT target. Userinfo ({@code user@host}) is refused: RFC 9110 section
 * 4.2.4 forbids it in http URIs and it is a classic way to disguise a host.
 */
final class Authority {

    private static final String SUB_DELIMS = "!$&'()*+,;=";
    private static final String UNRESERVED_MARKS = "-._~";
    private static final int MAX_PORT = 65535;

    private Authority() {
    }

    /**
     * @param portRequired whether a port must follow the host (authority-form)
     * @return whether {@code s[from, to)} is a non-empty host with, if a colon follows it, a port of 1 to 5 digits
     *         no greater than 65535
     */
    static boolean isValid(String s, int from, int to, boolean portRequired) {
        if (from >= to) {
            return false;
        }
        int hostEnd;
        if (s.charAt(from) == '[') {
            int close = s.indexOf(']', from);
            if (close < 0 || close >= to || !isIpLiteral(s, from + 1, close)) {
                return false;
            }
            hostEnd = close + 1;
        } else {
            hostEnd = from;
            while (hostEnd < to && s.charAt(hostEnd) != ':') {
                hostEnd++;
            }
            if (hostEnd == from || !isRegName(s, from, hostEnd)) {
                return false;
            }
        }
        if (hostEnd == to) {
            return !portRequired;
        }
        return s.charAt(hostEnd) == ':' && isPort(s, hostEnd + 1, to);
    }

    // reg-name = *( unreserved / pct-encoded / sub-delims ); IPv4 addresses are a subset of it.
    private static boolean isRegName(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to || !isHexDigit(s.charAt(i + 1)) || !isHexDigit(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!isUnreserved(c) && SUB_DELIMS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    // A colon with no digits after it is legal URI syntax, but no client means anything by it: refuse the ambiguity.
    private static boolean isPort(String s, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 5) {
            return false;
        }
        int port = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= MAX_PORT;
    }

    // IP-literal = "[" ( IPv6address / IPvFuture ) "]", given here without its brackets.
    private static boolean isIpLiteral(String s, int from, int to) {
        if (from < to && (s.charAt(from) == 'v' || s.charAt(from) == 'V')) {
            return isIpFuture(s, from + 1, to);
        }
        return isIpv6(s, from, to);
    }

    // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
    private static boolean isIpFuture(String s, int from, int to) {
        int i = from;
        while (i < to && isHexDigit(s.charAt(i))) {
            i++;
        }
        if (i == from || i >= to - 1 || s.charAt(i) != '.') {
            return false;
        }
        for (i++; i < to; i++) {
            char c = s.charAt(i);
            if (!isUnreserved(c) && SUB_DELIMS.indexOf(c) < 0 && c != ':') {
                return false;
            }
        }
        return true;
    }

    /** Eight 16-bit groups, or fewer with one "::", the last two of which may be written as an IPv4 address. */
    private static boolean isIpv6(String s, int from, int to) {
        int groups = 0;
        boolean compressed = false;
        int i = from;
        if (to - from >= 2 && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
            compressed = true;
            i += 2;
        }
        while (i < to) {
            int groupStart = i;
            while (i < to && isHexDigit(s.charAt(i))) {
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                if (!isIpv4(s, groupStart, to)) {
                    return false;
                }
                groups += 2;
                break;
            }
            int length = i - groupStart;
            if (length < 1 || length > 4) {
                return false;
            }
            groups++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':' || ++i == to) {
                return false;
            }
            if (s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    private static boolean isIpv4(String s, int from, int to) {
        int octets = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || value > 255 || (i - start > 1 && s.charAt(start) == '0')) {
                return false;
            }
            octets++;
            if (i == to) {
                return octets == 4;
            }
            if (s.charAt(i) != '.' || octets == 4) {
                return false;
            }
            i++;
        }
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || UNRESERVED_MARKS.indexOf(c) >= 0;
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
