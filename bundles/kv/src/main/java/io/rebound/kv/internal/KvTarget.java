package io.rebound.kv.internal;

import java.nio.charset.StandardCharsets;

import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpStatus;

/**
 * What a request under {@code /kv} names: the collection ({@code /kv} or {@code /kv/}) or one key (the rest of the
 * path after {@code /kv/}, percent-decoded once, UTF-8, at most {@code maxKeyBytes} bytes).
 *
 * @param key the key, or {@code null} for the collection
 */
record KvTarget(String key) {

    static final KvTarget COLLECTION = new KvTarget(null);

    boolean collection() {
        return key == null;
    }

    /** @throws KeyRejection 404 outside the mount, 400 for a broken encoding, 414 for a key over the limit */
    static KvTarget of(HttpRequest request, int maxKeyBytes) throws KeyRejection {
        String mount = request.handlerPath() == null ? "/kv" : request.handlerPath();
        String path = request.path();
        if (!path.startsWith(mount)) {
            throw new KeyRejection(HttpStatus.NOT_FOUND, "not under " + mount);
        }
        String rest = path.substring(mount.length());
        if (mount.endsWith("/")) {
            rest = "/" + rest;
        }
        if (rest.isEmpty() || rest.equals("/")) {
            return COLLECTION;
        }
        if (rest.charAt(0) != '/') {
            throw new KeyRejection(HttpStatus.NOT_FOUND, "not under " + mount);
        }
        String encoded = rest.substring(1);
        // Decoding never makes a key longer; an encoding this long cannot decode to a short enough key.
        if (encoded.length() > 3 * maxKeyBytes) {
            throw new KeyRejection(HttpStatus.URI_TOO_LONG, "key longer than " + maxKeyBytes + " bytes");
        }
        byte[] bytes = PercentCoding.decode(encoded, false);
        if (bytes.length > maxKeyBytes) {
            throw new KeyRejection(HttpStatus.URI_TOO_LONG, "key longer than " + maxKeyBytes + " bytes");
        }
        String key = PercentCoding.utf8(bytes);
        assert key.getBytes(StandardCharsets.UTF_8).length == bytes.length;
        return new KvTarget(key);
    }
}
