package io.rebound.parser.internal;

/**
 * Where a complete request head lies in the input, as {@link HeadScanner} found it. Offsets are relative to the
 * buffer's position.
 *
 * @param requestLineStart where the request line starts (after any empty lines before it)
 * @param requestLineEnd where the CR ending the request line is
 * @param fieldCount the number of header field lines
 * @param length the bytes the whole head occupies, through the CRLF of its final empty line
 */
record HeadExtent(int requestLineStart, int requestLineEnd, int fieldCount, int length) {
}
