import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A client of a Rebound server's admin API (bearer token from {@code <data>/admin.token}), for what the benches ask
 * of it: the components and their states, the recovery records, fault injection.
 */
final class BenchAdmin {

    record Reply(int status, String body) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;
    private final Duration timeout;

    /**
     * @param requestTimeout how long one request may take before it fails with an exception; a parameter because
     *        the benches differ (ChaosBench 30 s, RecoveryBench 70 s)
     */
    BenchAdmin(URI base, String token, Duration requestTimeout) {
        this.base = base;
        this.token = token;
        this.timeout = requestTimeout;
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Reply post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** GET /recoveries: every recovery record so far, oldest first. */
    List<Object> recoveries() throws IOException, InterruptedException {
        Reply r = get("/recoveries");
        if (r.status != 200) {
            throw new BenchFailure("GET /recoveries answered " + r.status + ": " + r.body);
        }
        return Json.list(Json.parse(r.body));
    }

    /**
     * Waits until GET /components lists every component ACTIVE, then prints them and checks that each of
     * {@code wanted} is among them: a bench that injects faults before that would measure the start, not a recovery.
     */
    void awaitAllActive(List<String> wanted, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String last = "";
        while (System.nanoTime() < deadline) {
            Reply reply = get("/components");
            last = reply.body;
            List<Object> list = Json.list(Json.parse(reply.body));
            boolean all = !list.isEmpty();
            StringBuilder names = new StringBuilder();
            for (Object e : list) {
                @SuppressWarnings("unchecked")
                Map<String, Object> c = (Map<String, Object>) e;
                all &= "ACTIVE".equals(c.get("state"));
                names.append(names.length() == 0 ? "" : ", ").append(c.get("name")).append(' ').append(c.get("state"));
            }
            if (all) {
                System.out.println("components:  " + names);
                for (String w : wanted) {
                    if (!names.toString().contains(w + " ")) {
                        throw new BenchFailure("no component named '" + w + "' in GET /components: " + names);
                    }
                }
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new BenchFailure("components not all ACTIVE within " + timeoutMs / 1000 + " s: " + last);
    }

    private Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.header("Authorization", "Bearer " + token).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }
}
