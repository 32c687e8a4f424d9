package io.rebound.parser.internal;

import io.rebound.http.spi.BodyFraming;

/**
 * How the body of a request is delimited, as {@link FramingRules} decided it.
 *
 * @param kind the framing
 * @param contentLength the body length for {@link BodyFraming#LENGTH}, 0 for none, -1 for chunked
 */
record Framing(BodyFraming kind, long contentLength) {

    static final Framing NONE = new Framing(BodyFraming.NONE, 0);
    static final Framing CHUNKED = new Framing(BodyFraming.CHUNKED, -1);
}
