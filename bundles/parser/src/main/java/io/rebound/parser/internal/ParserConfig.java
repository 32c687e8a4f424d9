package io.rebound.parser.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of PID {@code io.rebound.parser}. DS maps each {@code _} in a method name to {@code .}, so the
 * property keys are {@code max.request.line}, {@code max.header.count} and {@code max.head.length}.
 */
@ObjectClassDefinition(name = "Rebound request parser", description = "Size limits of HTTP request heads.")
public @interface ParserConfig {

    @AttributeDefinition(name = "Maximum request line",
            description = "Longest request line in bytes, without its CRLF; a longer one is answered 414.")
    int max_request_line() default ParserLimits.DEFAULT_MAX_REQUEST_LINE;

    @AttributeDefinition(name = "Maximum header fields",
            description = "Most header fields in one request; more are answered 431.")
    int max_header_count() default ParserLimits.DEFAULT_MAX_HEADER_COUNT;

    @AttributeDefinition(name = "Maximum head length",
            description = "Longest request head in bytes (request line, fields and the empty line ending them); "
                    + "a longer one is answered 431. At least the maximum request line.")
    int max_head_length() default ParserLimits.DEFAULT_MAX_HEAD_LENGTH;
}
