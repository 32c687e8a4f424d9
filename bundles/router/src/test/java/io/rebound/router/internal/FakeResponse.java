package io.rebound.router.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.rebound.http.api.HttpResponse;

/** Records what the router and handlers do to a response, and enforces "no changes after commit". */
final class FakeResponse implements HttpResponse {

    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = 200;
    private boolean committed;

    @Override
    public void status(int code) {
        checkNotCommitted();
        status = code;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public void header(String name, String value) {
        checkNotCommitted();
        headers.put(name, new ArrayList<>(List.of(value)));
    }

    @Override
    public void addHeader(String name, String value) {
        checkNotCommitted();
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    @Override
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public void contentLength(long length) {
        header("Content-Length", Long.toString(length));
    }

    @Override
    public OutputStream body() {
        committed = true;
        return body;
    }

    @Override
    public void send(int code, String contentType, byte[] bytes) throws IOException {
        status(code);
        header("Content-Type", contentType);
        contentLength(bytes.length);
        committed = true;
        body.write(bytes);
    }

    @Override
    public void sendFile(FileChannel file, long position, long count) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean committed() {
        return committed;
    }

    @Override
    public void reset() {
        checkNotCommitted();
        status = 200;
        headers.clear();
    }

    String bodyText() {
        return body.toString(StandardCharsets.UTF_8);
    }

    private void checkNotCommitted() {
        if (committed) {
            throw new IllegalStateException("response already committed");
        }
    }
}
