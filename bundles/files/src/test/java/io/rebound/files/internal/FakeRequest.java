package io.rebound.files.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.rebound.http.api.HttpHeaders;
import io.rebound.http.api.HttpRequest;

/** A request as the router would hand it over: path still percent-encoded, headers as sent. */
final class FakeRequest implements HttpRequest {

    private final String method;
    private final String path;
    private String query;
    private String handlerPath = "/";
    private final List<String> headers = new ArrayList<>();

    private FakeRequest(String method, String path) {
        this.method = method;
        this.path = path;
    }

    static FakeRequest get(String path) {
        return new FakeRequest("GET", path);
    }

    static FakeRequest head(String path) {
        return new FakeRequest("HEAD", path);
    }

    static FakeRequest method(String method, String path) {
        return new FakeRequest(method, path);
    }

    FakeRequest header(String name, String value) {
        headers.add(name);
        headers.add(value);
        return this;
    }

    FakeRequest query(String value) {
        this.query = value;
        return this;
    }

    FakeRequest mountedAt(String prefix) {
        this.handlerPath = prefix;
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String target() {
        return query == null ? path : path + '?' + query;
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
        return HttpHeaders.of(headers.toArray(new String[0]));
    }

    @Override
    public long contentLength() {
        return 0;
    }

    @Override
    public InputStream body() {
        return new ByteArrayInputStream(new byte[0]);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 50000);
    }

    @Override
    public String handlerPath() {
        return handlerPath;
    }
}
