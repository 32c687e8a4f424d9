package io.rebound.files.internal;

import java.io.IOException;

/** Runs one request through a handler and returns what it answered. */
final class Exchange {

    private Exchange() {
    }

    static RecordingResponse run(FilesHandler handler, FakeRequest request) throws IOException {
        RecordingResponse response = new RecordingResponse();
        handler.handle(request, response);
        if (response.commits() != 1) {
            throw new AssertionError("the handler committed " + response.commits() + " times: " + response);
        }
        return response;
    }
}
