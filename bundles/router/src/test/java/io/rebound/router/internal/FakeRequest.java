package io.rebound.router.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;

import io.rebound.http.api.HttpHeaders;
import io.rebound.http.api.HttpRequest;

/** A request as the connector would hand it over, before routing (no handler path). */
final class FakeRequest implements HttpRequest {

    private final String method;
    private final String target;

    FakeRequest(String method, String target) {
        this.method = method;
        this.target = target;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    @Override
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    @Override
    public String version() {
        return "HTTP/1.1";
    }

    @Override
    public HttpHeaders headers() {
        return HttpHeaders.of("Host", "localhost");
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
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public String handlerPath() {
        return null;
    }
}
