package io.rebound.http.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The answer to one request. Status and headers may change until the response is <em>committed</em>: by the first
 * call to {@link #body()}, {@link #send}, or {@link #sendFile}. The connector adds the framing headers
 * ({@code Content-Length} or {@code Transfer-Encoding: chunked}, {@code Connection}) and suppresses the body of a
 * {@code HEAD} request or of a {@code 204}/{@code 304} answer.
 *
 * <p>A handler that returns without committing sends its status with an empty body ({@code Content-Length: 0}); a
 * bodyless status ({@code 204}, {@code 304}) goes out with no framing headers at all, as RFC 9110 requires.
 * Framing headers set through {@link #header} are taken over by the connector: {@code Content-Length} as
 * {@link #contentLength}, {@code Connection: close} as a request to close after this response, and
 * {@code Transfer-Encoding} is ignored.
 */
@ProviderType
public interface HttpResponse {

    /** Sets the status code (default {@code 200}). */
    void status(int code);

    /** @return the status code set so far */
    int status();

    /** Sets a header field, replacing any earlier value of the same name (names are case-insensitive). */
    void header(String name, String value);

    /** Adds a header field, keeping earlier values of the same name. */
    void addHeader(String name, String value);

    /** @return the first value of a header field set so far, or {@code null} */
    String header(String name);

    /**
     * Declares the body length. Without it the body is sent chunked to an HTTP/1.1 client, or delimited by closing
     * the connection for HTTP/1.0.
     */
    void contentLength(long length);

    /**
     * Commits the response and returns the stream for its body. Writing more than a declared content length fails.
     * Closing the stream ends the body.
     */
    OutputStream body() throws IOException;

    /**
     * Commits the response with the given body and its length.
     *
     * @param contentType the {@code Content-Type}, or {@code null} to send none (or keep one set earlier)
     */
    void send(int status, String contentType, byte[] body) throws IOException;

    /**
     * Commits the response with {@code count} bytes of {@code file} from {@code position} as its body, letting the
     * connector use zero-copy transfer where it can. Sets the content length.
     */
    void sendFile(FileChannel file, long position, long count) throws IOException;

    /** @return whether the status line and headers are fixed (they may already be on the wire) */
    boolean committed();

    /**
     * Forgets the status, headers and declared length set so far, as if nothing had been set. Used to answer again
     * after a failure, e.g. when a request is retried on a rebooted handler.
     *
     * @throws IllegalStateException when the response is already committed
     */
    void reset();
}
