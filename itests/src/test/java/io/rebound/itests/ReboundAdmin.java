package io.rebound.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API as the recovery tests read it (CONTRACT section 3): components by name, the recovery history, fault
 * injection and operator restarts, with every answer checked for status and shape before it is used.
 */
final class ReboundAdmin {

    private final AdminClient client;
    private final String token;

    ReboundAdmin(RunningServer server) {
        this.client = new AdminClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build(), server);
        this.token = server.adminToken();
    }

    /** @return {@code GET /components} by component name, in the server's order */
    Map<String, Map<?, ?>> components() throws IOException {
        Map<String, Map<?, ?>> byName = new LinkedHashMap<>();
        for (Map<?, ?> component : list("/components")) {
            byName.put(String.valueOf(component.get("name")), component);
        }
        return byName;
    }

    Map<?, ?> component(String name) throws IOException {
        Map<?, ?> component = components().get(name);
        if (component == null) {
            throw new AssertionError("no component '" + name + "' in GET /components");
        }
        return component;
    }

    int restarts(String name) throws IOException {
        return number(component(name), "restarts").intValueExact();
    }

    String state(String name) throws IOException {
        return String.valueOf(component(name).get("state"));
    }

    /** @return {@code GET /recoveries}, oldest first */
    List<Map<?, ?>> recoveries() throws IOException {
        return list("/recoveries");
    }

    /** @return the records after the first {@code known} ones */
    List<Map<?, ?>> recoveriesAfter(int known) throws IOException {
        List<Map<?, ?>> all = recoveries();
        return new ArrayList<>(all.subList(Math.min(known, all.size()), all.size()));
    }

    /** {@code POST /faults/{name}?kind=KIND}, answer unchecked. */
    HttpResponse<String> inject(String name, String kind) throws IOException {
        return client.send("POST", "/faults/" + name + "?kind=" + kind, token);
    }

    /** Injects a fault and requires the contract's {@code 202}. */
    void injectAccepted(String name, String kind) throws IOException {
        HttpResponse<String> response = inject(name, kind);
        assertEquals("injecting " + kind + " into " + name + ": " + AdminClient.describe(response), 202,
                response.statusCode());
    }

    /** {@code POST /components/{name}/restart}; @return its durationMillis */
    long restart(String name) throws IOException {
        HttpResponse<String> response = client.send("POST", "/components/" + name + "/restart", token);
        assertEquals(AdminClient.describe(response), 200, response.statusCode());
        Map<?, ?> body = (Map<?, ?>) Json.parse(response.body());
        assertEquals(AdminClient.describe(response), name, body.get("name"));
        return number(body, "durationMillis").longValueExact();
    }

    /** Waits until the admin API answers again (it restarts with the supervisor when that is reconfigured). */
    void awaitAnswering() {
        Await.until("the admin API to answer GET /components", () -> components() != null);
    }

    private List<Map<?, ?>> list(String path) throws IOException {
        HttpResponse<String> response = client.send("GET", path, token);
        assertEquals(AdminClient.describe(response), 200, response.statusCode());
        Object parsed = Json.parse(response.body());
        assertTrue("GET " + path + " is not a JSON array: " + response.body(), parsed instanceof List);
        List<Map<?, ?>> elements = new ArrayList<>();
        for (Object element : (List<?>) parsed) {
            assertTrue("element of GET " + path + " is not an object: " + element, element instanceof Map);
            elements.add((Map<?, ?>) element);
        }
        return elements;
    }

    static BigDecimal number(Map<?, ?> json, String field) {
        Object value = json.get(field);
        if (!(value instanceof BigDecimal)) {
            throw new AssertionError("field " + field + " is not a number in " + json);
        }
        return (BigDecimal) value;
    }

    static String text(Map<?, ?> json, String field) {
        Object value = json.get(field);
        if (!(value instanceof String)) {
            throw new AssertionError("field " + field + " is not a string in " + json);
        }
        return (String) value;
    }
}
