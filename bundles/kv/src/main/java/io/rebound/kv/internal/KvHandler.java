package io.rebound.kv.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.rebound.http.api.HandlerMethods;
import io.rebound.http.api.HandlerPath;
import io.rebound.http.api.HttpHandler;
import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpResponse;
import io.rebound.http.api.HttpStatus;
import io.rebound.recovery.api.ConfigProperties;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.recovery.api.InvalidConfigurationException;
import io.rebound.state.api.Checkpointable;
import io.rebound.state.api.StateException;
import io.rebound.state.api.StateMap;
import io.rebound.state.api.StateStore;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A durable key-value store over HTTP, kept in the state store's map {@value #MAP}:
 * <ul>
 * <li>{@code PUT /kv/{key}} stores the body: {@code 201} for a new key, {@code 204} for an overwrite — sent only once
 * the record is durable; {@code 413} for a body over the limit;</li>
 * <li>{@code GET}/{@code HEAD /kv/{key}}: {@code 200} with the value, {@code 404} when missing;</li>
 * <li>{@code DELETE /kv/{key}}: {@code 204}, or {@code 404} when missing;</li>
 * <li>{@code GET /kv/}: the keys, one per line percent-encoded (so each is usable as {@code /kv/LINE}), or JSON
 * with {@code Accept: application/json}; {@code ?prefix=}, {@code ?after=} and {@code ?limit=} page through them;
 * {@code GET /kv/?stats}: requests served per method since the first instance.</li>
 * </ul>
 * Keys are the path after {@code /kv/} percent-decoded once, 1 to {@code max.key.bytes} bytes of UTF-8 ({@code 414}
 * beyond). A state store that cannot make a change durable is answered {@code 503} with {@code Retry-After}.
 *
 * <p>Its request counters are its only in-memory state; as a {@link Checkpointable} they survive reboots.
 */
// Immediate, so that a reboot of the router (its only user) does not dispose and re-create this component.
@Component(name = KvHandler.PID, configurationPid = KvHandler.PID, immediate = true,
        service = { HttpHandler.class, Checkpointable.class },
        property = Checkpointable.INTERVAL_SECONDS + ":Integer=5")
@Designate(ocd = KvConfig.class)
@HandlerPath(path = "/kv")
@HandlerMethods(methods = { "GET", "HEAD", "PUT", "DELETE" })
public final class KvHandler implements HttpHandler, Checkpointable {

    static final String PID = "io.rebound.kv";
    static final String MAP = "kv";
    static final long FAULT_SLOW_MILLIS = 2000;
    static final String OCTETS = "application/octet-stream";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json";

    private static final System.Logger LOG = System.getLogger(PID);

    private final StateMap records;
    private final int maxKeyBytes;
    private final int maxValueBytes;
    private final int listDefaultLimit;
    private final int listMaxLimit;
    private final RequestCounts counts = new RequestCounts();
    // SCR makes a new instance for every activation: the switch lives exactly as long as one activation.
    private final FaultSwitch faults;
    // Set when a call failed unexpectedly: this instance's counters are then not worth a checkpoint.
    private volatile boolean suspect;

    // Static, unlike references between components: the store is infrastructure that is never rebooted, and kv has
    // nothing to serve without it.
    @Activate
    public KvHandler(BundleContext context, Map<String, Object> properties, @Reference StateStore store) {
        this(context, new ConfigProperties(PID, properties), store);
    }

    /** @param config configured as {@link KvConfig} declares */
    private KvHandler(BundleContext context, ConfigProperties config, StateStore store) {
        this(store.map(MAP), config.intValue("max.key.bytes", KvConfig.MAX_KEY_BYTES),
                config.intValue("max.value.bytes", KvConfig.MAX_VALUE_BYTES),
                config.intValue("list.default.limit", KvConfig.LIST_DEFAULT_LIMIT),
                config.intValue("list.max.limit", KvConfig.LIST_MAX_LIMIT),
                new FaultSwitch("kv", false, FAULT_SLOW_MILLIS));
        boolean faultsOn = faults.offer(context);
        LOG.log(Level.INFO, "kv serving " + records.size() + " keys (keys up to " + maxKeyBytes + " bytes, values up to "
                + maxValueBytes + " bytes" + (faultsOn ? ", faults on" : "") + ")");
    }

    /** @throws InvalidConfigurationException for limits out of range */
    KvHandler(StateMap records, int maxKeyBytes, int maxValueBytes, int listDefaultLimit, int listMaxLimit,
            FaultSwitch faults) {
        if (maxKeyBytes < 1) {
            throw new InvalidConfigurationException(PID, "max.key.bytes must be at least 1, not " + maxKeyBytes);
        }
        if (maxValueBytes < 0 || maxValueBytes > Integer.MAX_VALUE - 8) {
            throw new InvalidConfigurationException(PID, "max.value.bytes must be 0 to " + (Integer.MAX_VALUE - 8)
                    + ", not " + maxValueBytes);
        }
        if (listMaxLimit < 1 || listDefaultLimit < 1 || listDefaultLimit > listMaxLimit) {
            throw new InvalidConfigurationException(PID, "list.default.limit (" + listDefaultLimit + ") must be 1 to "
                    + "list.max.limit (" + listMaxLimit + "), which must be at least 1");
        }
        this.records = records;
        this.maxKeyBytes = maxKeyBytes;
        this.maxValueBytes = maxValueBytes;
        this.listDefaultLimit = listDefaultLimit;
        this.listMaxLimit = listMaxLimit;
        this.faults = faults;
    }

    /** Closing the switch ends injected faults with this instance, as a reboot ends real ones. */
    @Deactivate
    void deactivate() {
        faults.close();
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        try {
            faults.onCall();
            counts.count(request.method());
            serve(request, response);
        } catch (RuntimeException | Error e) {
            suspect = true;
            throw e;
        }
    }

    private void serve(HttpRequest request, HttpResponse response) throws IOException {
        String method = request.method();
        KvTarget target;
        try {
            target = KvTarget.of(request, maxKeyBytes);
        } catch (KeyRejection rejection) {
            reject(response, rejection);
            return;
        }
        try {
            if (target.collection()) {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    response.header("Allow", "GET, HEAD");
                    plain(response, HttpStatus.METHOD_NOT_ALLOWED, "PUT and DELETE need a key: /kv/{key}");
                    return;
                }
                list(request, response);
                return;
            }
            switch (method) {
                case "GET", "HEAD" -> get(target.key(), response);
                case "PUT" -> put(target.key(), request, response);
                case "DELETE" -> delete(target.key(), response);
                default -> {
                    response.header("Allow", "GET, HEAD, PUT, DELETE");
                    plain(response, HttpStatus.METHOD_NOT_ALLOWED, method + " is not served here");
                }
            }
        } catch (StateException e) {
            // The store's trouble, not the request's: nothing was acknowledged, so the client may retry.
            LOG.log(Level.WARNING, method + " of a kv record failed: " + e.getMessage());
            if (!response.committed()) {
                response.header("Retry-After", "1");
                plain(response, HttpStatus.SERVICE_UNAVAILABLE, "the state store is unavailable; retry");
            }
        }
    }

    private void get(String key, HttpResponse response) throws IOException {
        byte[] value = records.get(key);
        if (value == null) {
            plain(response, HttpStatus.NOT_FOUND, "no such key");
            return;
        }
        response.send(HttpStatus.OK, OCTETS, value);
    }

    private void put(String key, HttpRequest request, HttpResponse response) throws IOException {
        long declared = request.contentLength();
        if (declared > maxValueBytes) {
            tooLarge(response);
            return;
        }
        byte[] value;
        InputStream body = request.body();
        if (declared >= 0) {
            value = body.readNBytes((int) declared);
            if (value.length < declared) {
                throw new IOException("request body ended after " + value.length + " of " + declared + " bytes");
            }
        } else {
            value = body.readNBytes(maxValueBytes + 1);
            if (value.length > maxValueBytes) {
                tooLarge(response);
                return;
            }
        }
        boolean created = records.put(key, value);
        // Only now, with the record durable, may the client hear that it is stored.
        if (created) {
            response.header("Location", "/kv/" + PercentCoding.encode(key));
            response.status(HttpStatus.CREATED);
        } else {
            response.status(HttpStatus.NO_CONTENT);
        }
    }

    private void delete(String key, HttpResponse response) throws IOException {
        if (records.remove(key)) {
            response.status(HttpStatus.NO_CONTENT);
        } else {
            plain(response, HttpStatus.NOT_FOUND, "no such key");
        }
    }

    private void list(HttpRequest request, HttpResponse response) throws IOException {
        ListingQuery query;
        try {
            query = ListingQuery.parse(request.query(), listDefaultLimit, listMaxLimit);
        } catch (KeyRejection rejection) {
            reject(response, rejection);
            return;
        }
        boolean json = wantsJson(request);
        if (query.stats()) {
            stats(response, json);
            return;
        }
        List<String> keys = records.keys(query.prefix(), query.after(), query.limit() + 1);
        String next = null;
        if (keys.size() > query.limit()) {
            keys = keys.subList(0, query.limit());
            next = keys.get(keys.size() - 1);
        }
        StringBuilder out = new StringBuilder(keys.size() * 16 + 32);
        if (json) {
            out.append("{\"keys\":[");
            for (int i = 0; i < keys.size(); i++) {
                Json.string(out.append(i == 0 ? "" : ","), keys.get(i));
            }
            out.append("],\"next\":");
            if (next == null) {
                out.append("null");
            } else {
                Json.string(out, next);
            }
            out.append("}\n");
        } else {
            for (String key : keys) {
                out.append(PercentCoding.encode(key)).append('\n');
            }
            if (next != null) {
                // Where the next page starts: ?after= this value.
                response.header("Kv-Next-After", PercentCoding.encode(next));
            }
        }
        response.send(HttpStatus.OK, json ? JSON : TEXT, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void stats(HttpResponse response, boolean json) throws IOException {
        Map<String, Long> snapshot = counts.snapshot();
        StringBuilder out = new StringBuilder();
        if (json) {
            out.append('{');
            snapshot.forEach((method, n) -> Json.string(out.append(out.length() > 1 ? "," : ""), method).append(':')
                    .append(n));
            out.append("}\n");
        } else {
            snapshot.forEach((method, n) -> out.append(method).append(' ').append(n).append('\n'));
        }
        response.send(HttpStatus.OK, json ? JSON : TEXT, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void tooLarge(HttpResponse response) throws IOException {
        // The body was not read: closing spares the connector reading up to a huge body only to discard it.
        response.header("Connection", "close");
        plain(response, HttpStatus.CONTENT_TOO_LARGE, "values are at most " + maxValueBytes + " bytes");
    }

    private static boolean wantsJson(HttpRequest request) {
        String accept = request.headers().first("Accept");
        return accept != null && accept.contains("application/json");
    }

    private static void reject(HttpResponse response, KeyRejection rejection) throws IOException {
        plain(response, rejection.status(), rejection.getMessage());
    }

    private static void plain(HttpResponse response, int status, String why) throws IOException {
        response.send(status, TEXT, (status + " " + HttpStatus.reason(status) + ": " + why + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    // ---- Checkpointable: the request counters ----

    /** @return the counters, or {@code null} when this instance failed (its counters are suspect) */
    @Override
    public byte[] checkpoint() {
        return suspect ? null : counts.checkpoint();
    }

    @Override
    public void restore(byte[] state) {
        counts.restore(state);
    }

    /** @return the counters; for tests */
    Map<String, Long> counts() {
        return counts.snapshot();
    }
}
