package io.rebound.router.internal;

import java.io.InputStream;
import java.net.InetSocketAddress;

import io.rebound.http.api.HttpHeaders;
import io.rebound.http.api.HttpRequest;

/** The request as a handler sees it: the connector's request plus the prefix the router matched. */
final class RoutedRequest implements HttpRequest {

    private final HttpRequest request;
    private final String handlerPath;

    RoutedRequest(HttpRequest request, String handlerPath) {
        this.request = request;
        this.handlerPath = handlerPath;
    }

    @Override
    public String method() {
        return request.method();
    }

    @Override
    public String target() {
        return request.target();
    }

    @Override
    public String path() {
        return request.path();
    }

    @Override
    public String query() {
        return request.query();
    }

    @Override
    public String version() {
        return request.version();
    }

    @Override
    public HttpHeaders headers() {
        return request.headers();
    }

    @Override
    public long contentLength() {
        return request.contentLength();
    }

    @Override
    public InputStream body() {
        return request.body();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return request.remoteAddress();
    }

    @Override
    public String handlerPath() {
        return handlerPath;
    }

    @Override
    public String toString() {
        return request.method() + ' ' + request.target() + " -> " + handlerPath;
    }
}
