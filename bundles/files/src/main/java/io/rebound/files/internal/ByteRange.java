package io.rebound.files.internal;

/**
 * One satisfiable byte range of a file, both ends inclusive as in {@code Content-Range}.
 *
 * @param first the first byte's offset
 * @param last the last byte's offset, below the file's size
 */
record ByteRange(long first, long last) {

    long length() {
        return last - first + 1;
    }

    /** @return the {@code Content-Range} value for a file of {@code size} bytes */
    String contentRange(long size) {
        return "bytes " + first + '-' + last + '/' + size;
    }
}
