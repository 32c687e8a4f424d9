package io.rebound.itests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.rebound.http.api.HttpHandler;
import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpResponse;

/**
 * A handler the tests register themselves: it answers {@code "<body length> <SHA-256 of the body in hex>"}, so a
 * test can check that an upload arrived complete and unaltered without the server echoing it back.
 */
final class EchoDigestHandler implements HttpHandler {

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        MessageDigest sha256 = sha256();
        long length = 0;
        byte[] buffer = new byte[8192];
        try (InputStream body = request.body()) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                sha256.update(buffer, 0, n);
                length += n;
            }
        }
        response.send(200, "text/plain; charset=utf-8",
                answer(length, sha256.digest()).getBytes(StandardCharsets.UTF_8));
    }

    /** @return what the handler answers for {@code body} */
    static String expectedAnswer(byte[] body) {
        return answer(body.length, sha256().digest(body));
    }

    private static String answer(long length, byte[] digest) {
        return length + " " + HexFormat.of().formatHex(digest);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
