package io.rebound.connector.internal;

import java.io.InputStream;
import java.net.InetSocketAddress;

import io.rebound.http.api.HttpHeaders;
import io.rebound.http.api.HttpRequest;
import io.rebound.http.spi.RequestHead;

/** The connector's {@link HttpRequest}: a parsed head plus the body stream of its connection. */
final class ServerRequest implements HttpRequest {

    private final RequestHead head;
    private final RequestBody body;
    private final InetSocketAddress remote;

    ServerRequest(RequestHead head, RequestBody body, InetSocketAddress remote) {
        this.head = head;
        this.body = body;
        this.remote = remote;
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String target() {
        return head.target();
    }

    @Override
    public String path() {
        return head.path();
    }

    @Override
    public String query() {
        return head.query();
    }

    @Override
    public String version() {
        return head.version();
    }

    @Override
    public HttpHeaders headers() {
        return head.headers();
    }

    @Override
    public long contentLength() {
        return head.contentLength();
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public String handlerPath() {
        return null;
    }

    RequestBody requestBody() {
        return body;
    }
}
