package io.rebound.kv.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.rebound.http.api.HttpHeaders;
import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpResponse;

/** One request to the handler as the router hands it over (mounted at {@code /kv}), and what it answered. */
final class Exchange {

    private final Request request = new Request();
    private final Response response = new Response();
    private final String method;
    private final String path;
    private final String query;
    private final List<String> requestHeaders = new ArrayList<>();
    private byte[] requestBody = new byte[0];
    private boolean chunked;

    private int status = 200;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean committed;

    private Exchange(String method, String target) {
        this.method = method;
        int q = target.indexOf('?');
        this.path = q < 0 ? target : target.substring(0, q);
        this.query = q < 0 ? null : target.substring(q + 1);
    }

    static Exchange of(String method, String target) {
        return new Exchange(method, target);
    }

    Exchange header(String name, String value) {
        requestHeaders.add(name);
        requestHeaders.add(value);
        return this;
    }

    Exchange body(byte[] content) {
        this.requestBody = content;
        return this;
    }

    Exchange body(String content) {
        return body(content.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the body without a length, as a chunked request does. */
    Exchange chunked() {
        this.chunked = true;
        return this;
    }

    Exchange on(KvHandler handler) throws IOException {
        handler.handle(request, response);
        return this;
    }

    // ---- what the handler answered ----

    int answered() {
        return status;
    }

    String answeredHeader(String name) {
        return headers.get(name);
    }

    byte[] answeredBody() {
        return body.toByteArray();
    }

    String answeredText() {
        return body.toString(StandardCharsets.UTF_8);
    }

    private final class Request implements HttpRequest {

        @Override
        public String method() {
            return method;
        }

        @Override
        public String target() {
            return query == null ? path : path + "?" + query;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public String query() {
            return query;
        }

        @Override
        public String version() {
            return "HTTP/1.1";
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(requestHeaders.toArray(new String[0]));
        }

        @Override
        public long contentLength() {
            return chunked ? -1 : requestBody.length;
        }

        @Override
        public InputStream body() {
            return new ByteArrayInputStream(requestBody);
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 40000);
        }

        @Override
        public String handlerPath() {
            return "/kv";
        }
    }

    private final class Response implements HttpResponse {

        private void requireOpen() {
            if (committed) {
                throw new IllegalStateException("response already committed");
            }
        }

        @Override
        public void status(int code) {
            requireOpen();
            status = code;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public void header(String name, String value) {
            requireOpen();
            headers.put(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            requireOpen();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }

        @Override
        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public void contentLength(long length) {
            requireOpen();
        }

        @Override
        public OutputStream body() {
            requireOpen();
            committed = true;
            return body;
        }

        @Override
        public void send(int code, String contentType, byte[] content) throws IOException {
            requireOpen();
            status = code;
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            committed = true;
            body.write(content);
        }

        @Override
        public void sendFile(FileChannel file, long position, long count) {
            throw new UnsupportedOperationException("kv sends no files");
        }

        @Override
        public boolean committed() {
            return committed;
        }

        @Override
        public void reset() {
            requireOpen();
            status = 200;
            headers.clear();
        }
    }
}
