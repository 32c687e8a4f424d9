package io.rebound.parser.internal;

/**
 * Where a complete request head lies in the input, as {@link HeadScanner} found it. Offsets are relative to the
 * buffer's position.
 *
 * @param requestLineStart where the request line starts (after any empty lines before it)
 * @param requestLineEnd where the CR ending the request line is
 * @param fieldCount the number of header field lines
 * @param length the bytes the whole head occupies, through the CRLF of its final empty line; 0 while only the
 *        request line is complete
 */
record HeadExtent(int requestLineStart, int requestLineEnd, int fieldCount, int length) {

    /** @return where a head lies whose request line is complete but whose header section is not yet */
    static HeadExtent requestLineOnly(int requestLineStart, int requestLineEnd) {
        return new HeadExtent(requestLineStart, requestLineEnd, 0, 0);
    }

    /** @return whether the whole head is there, not only its request line */
    boolean complete() {
        return length > 0;
    }
}
