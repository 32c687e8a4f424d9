package io.rebound.router.internal;

import java.io.InputStream;
import java.net.InetSocketAddress;

import io.rebound.http.api.HttpHeaders;
import io.rebound.http.api.HttpRequest;

/** The request as a handler sees it: the connector's request plus the prefix the router matched. */
final class RoutedRequest implements HttpRequest {

    private final HttpRequest request;
    private final String handlerPath;
    private boolean bodyTouched;

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

    /** The body, marked as touched once the handler reads from it: such a request cannot be replayed. */
    @Override
    public InputStream body() {
        return new java.io.FilterInputStream(request.body()) {
            @Override
            public int read() throws java.io.IOException {
                bodyTouched = true;
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                bodyTouched = true;
                return super.read(b, off, len);
            }

            @Override
            public long skip(long n) throws java.io.IOException {
                bodyTouched = true;
                return super.skip(n);
            }
        };
    }

    /** @return whether the handler read from the body */
    boolean bodyTouched() {
        return bodyTouched;
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
