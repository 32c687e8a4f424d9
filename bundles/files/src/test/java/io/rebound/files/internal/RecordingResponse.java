package io.rebound.files.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.rebound.http.api.HttpResponse;

/**
 * Records what a handler answers. Like the connector, it refuses changes after the response is committed, and on
 * {@link #sendFile} it reads exactly the requested range from the channel, which must still be open then.
 */
final class RecordingResponse implements HttpResponse {

    private int status = 200;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private long contentLength = -1;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean committed;
    private int commits;
    private boolean usedSendFile;
    private FileChannel sentChannel;
    private long sentPosition = -1;

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
        List<String> values = new ArrayList<>();
        values.add(value);
        headers.put(name, values);
    }

    @Override
    public void addHeader(String name, String value) {
        requireOpen();
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    @Override
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public void contentLength(long length) {
        requireOpen();
        contentLength = length;
    }

    @Override
    public OutputStream body() {
        commit();
        return body;
    }

    @Override
    public void send(int status, String contentType, byte[] content) throws IOException {
        requireOpen();
        this.status = status;
        header("Content-Type", contentType);
        contentLength = content.length;
        commit();
        body.write(content);
    }

    @Override
    public void sendFile(FileChannel file, long position, long count) throws IOException {
        requireOpen();
        if (!file.isOpen()) {
            throw new IllegalStateException("sendFile got a closed channel");
        }
        contentLength = count;
        commit();
        usedSendFile = true;
        sentChannel = file;
        sentPosition = position;
        ByteBuffer buffer = ByteBuffer.allocate((int) count);
        while (buffer.hasRemaining()) {
            int n = file.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("file ended before " + count + " bytes from " + position);
            }
        }
        body.write(buffer.array());
    }

    @Override
    public boolean committed() {
        return committed;
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("the files handler never resets a response");
    }

    private void commit() {
        requireOpen();
        committed = true;
        commits++;
    }

    private void requireOpen() {
        if (committed) {
            throw new IllegalStateException("response already committed");
        }
    }

    byte[] bodyBytes() {
        return body.toByteArray();
    }

    String bodyText() {
        return body.toString(StandardCharsets.UTF_8);
    }

    long contentLength() {
        return contentLength;
    }

    List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    int commits() {
        return commits;
    }

    boolean usedSendFile() {
        return usedSendFile;
    }

    long sentPosition() {
        return sentPosition;
    }

    /** @return whether the channel given to sendFile was closed once the handler returned */
    boolean sentChannelClosed() {
        return sentChannel != null && !sentChannel.isOpen();
    }

    @Override
    public String toString() {
        return status + " " + headers + " body " + body.size() + " bytes"
                + (usedSendFile ? "" : ": " + bodyText().toLowerCase(Locale.ROOT).trim());
    }
}
