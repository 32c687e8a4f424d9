package io.rebound.connector.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.rebound.http.api.HttpResponse;
import io.rebound.http.api.HttpStatus;

/**
 * The connector's {@link HttpResponse}: collects status and headers, then writes the head with the framing headers
 * the connector owns ({@code Content-Length}, {@code Transfer-Encoding}, {@code Connection}) and picks the body
 * stream that matches.
 */
final class ServerResponse implements HttpResponse {

    private final ResponseSink sink;
    private final boolean headRequest;
    private final boolean http11;
    private final List<String> fields = new ArrayList<>(16);
    private boolean keepAlive;
    private int status = HttpStatus.OK;
    private long contentLength = -1;
    private ResponseBody body;
    private boolean committed;
    private long fileBytes;
    private BooleanSupplier mustClose;

    ServerResponse(ResponseSink sink, boolean headRequest, boolean http11, boolean keepAlive) {
        this.sink = sink;
        this.headRequest = headRequest;
        this.http11 = http11;
        this.keepAlive = keepAlive;
    }

    @Override
    public void status(int code) {
        checkNotCommitted();
        if (code < 200 || code > 999) {
            throw new IllegalArgumentException("status must be a final status 200-999, not " + code);
        }
        status = code;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public void header(String name, String value) {
        checkNotCommitted();
        if (framing(name, value)) {
            return;
        }
        remove(name);
        add(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        checkNotCommitted();
        if (!framing(name, value)) {
            add(name, value);
        }
    }

    @Override
    public String header(String name) {
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                return fields.get(i + 1);
            }
        }
        if ("Content-Length".equalsIgnoreCase(name) && contentLength >= 0) {
            return Long.toString(contentLength);
        }
        return null;
    }

    @Override
    public void contentLength(long length) {
        checkNotCommitted();
        if (length < 0) {
            throw new IllegalArgumentException("content length must not be negative: " + length);
        }
        contentLength = length;
    }

    @Override
    public OutputStream body() throws IOException {
        if (body == null) {
            commit();
        }
        return body;
    }

    @Override
    public void send(int code, String contentType, byte[] content) throws IOException {
        status(code);
        if (contentType != null) {
            header("Content-Type", contentType);
        }
        contentLength(content.length);
        OutputStream out = body();
        out.write(content);
        out.close();
    }

    @Override
    public void sendFile(FileChannel file, long position, long count) throws IOException {
        contentLength(count);
        commit();
        if (body instanceof ResponseBody.Discarded) {
            body.close();
            return;
        }
        body.closed = true;
        sink.transfer(file, position, count);
        fileBytes = count;
    }

    @Override
    public boolean committed() {
        return committed;
    }

    @Override
    public void reset() {
        checkNotCommitted();
        status = HttpStatus.OK;
        fields.clear();
        contentLength = -1;
    }

    /** Ends the response: commits an empty one if the handler wrote nothing, closes the body stream. */
    void finish() throws IOException {
        if (!committed) {
            if (contentLength < 0 && !HttpStatus.bodyless(status)) {
                contentLength = 0;
            }
            commit();
        }
        if (!body.closed) {
            body.close();
        }
    }

    /** @return whether the connection may carry another request after this response */
    boolean reusable() {
        return keepAlive && (body == null || body.closed && (fileBytes > 0 || body.complete()));
    }

    /** Asks for the connection to be closed after this response (sets {@code Connection: close}). */
    void closeAfter() {
        keepAlive = false;
    }

    /** Closes the connection after this response if {@code condition} holds when the head is written. */
    void closeIf(BooleanSupplier condition) {
        mustClose = condition;
    }

    /** @return body bytes put on the wire (none for HEAD, 204 and 304, whatever the handler wrote) */
    long bytesSent() {
        if (fileBytes > 0) {
            return fileBytes;
        }
        return body == null ? 0 : body.written;
    }

    private void commit() throws IOException {
        checkNotCommitted();
        committed = true;
        if (keepAlive && mustClose != null && mustClose.getAsBoolean()) {
            keepAlive = false;
        }
        boolean noBody = HttpStatus.bodyless(status);
        boolean lengthHeader = false;
        boolean chunked = false;
        if (noBody) {
            body = new ResponseBody.Discarded(sink);
        } else if (contentLength >= 0) {
            lengthHeader = true;
            body = headRequest ? new ResponseBody.Discarded(sink) : new ResponseBody.FixedLength(sink, contentLength);
        } else if (headRequest) {
            body = new ResponseBody.Discarded(sink);
        } else if (http11) {
            chunked = true;
            body = new ResponseBody.Chunked(sink);
        } else {
            keepAlive = false;
            body = new ResponseBody.CloseDelimited(sink);
        }
        // Straight into the sink, where the body follows it: building the head as a string first cost a kilobyte of
        // garbage per response.
        sink.putLatin1(http11 ? "HTTP/1.1 " : "HTTP/1.0 ");
        sink.putLatin1(Integer.toString(status));
        sink.put((byte) ' ');
        sink.putLatin1(HttpStatus.reason(status));
        sink.putLatin1("\r\n");
        for (int i = 0; i < fields.size(); i += 2) {
            sink.putLatin1(fields.get(i));
            sink.putLatin1(": ");
            sink.putLatin1(fields.get(i + 1));
            sink.putLatin1("\r\n");
        }
        if (lengthHeader) {
            sink.putLatin1("Content-Length: ");
            sink.putLatin1(Long.toString(contentLength));
            sink.putLatin1("\r\n");
        } else if (chunked) {
            sink.putLatin1("Transfer-Encoding: chunked\r\n");
        }
        if (!keepAlive) {
            sink.putLatin1("Connection: close\r\n");
        } else if (!http11) {
            sink.putLatin1("Connection: keep-alive\r\n");
        }
        sink.putLatin1("\r\n");
    }

    /** Handles the headers the connector owns; @return whether {@code name} was one of them. */
    private boolean framing(String name, String value) {
        checkField(name, value);
        if ("Content-Length".equalsIgnoreCase(name)) {
            try {
                contentLength(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Content-Length must be a number: " + value);
            }
            return true;
        }
        if ("Connection".equalsIgnoreCase(name)) {
            if (value.toLowerCase().contains("close")) {
                keepAlive = false;
            }
            return true;
        }
        return "Transfer-Encoding".equalsIgnoreCase(name);
    }

    private void add(String name, String value) {
        fields.add(name);
        fields.add(value);
    }

    private void remove(String name) {
        for (int i = fields.size() - 2; i >= 0; i -= 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                fields.remove(i + 1);
                fields.remove(i);
            }
        }
    }

    private void checkNotCommitted() {
        if (committed) {
            throw new IllegalStateException("response already committed");
        }
    }

    // A CR or LF in a header would let a value inject headers or a second response (response splitting).
    private static void checkField(String name, String value) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == ':') {
                throw new IllegalArgumentException("invalid character in header name: " + name);
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7F || c > 0xFF) {
                throw new IllegalArgumentException("invalid character in value of header " + name);
            }
        }
    }
}
