package io.rebound.recovery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdminAuditTest {

    @Test
    void oneLineWithSourceActionAndResult() {
        assertEquals("admin audit source=10.0.0.5 tls action=\"POST /components/files/restart\" result=200",
                AdminAudit.line("10.0.0.5", true, "POST /components/files/restart", 200, null));
        assertEquals("admin audit source=::1 action=\"GET /x?a=?b\" result=401 (missing or wrong bearer token)",
                AdminAudit.line("::1", false, "GET /x?a=\"b", 401, "missing or wrong bearer token"));
        assertEquals("admin audit source=1.2.3.4 action=\"GET /a?b\" result=400",
                AdminAudit.line("1.2.3.4", false, "GET /a\nb", 400, null));
    }
}
