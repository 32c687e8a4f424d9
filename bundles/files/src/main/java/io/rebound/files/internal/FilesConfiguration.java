package io.rebound.files.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the static file handler, PID {@value FilesHandler#PID}. The root is a framework property. */
@ObjectClassDefinition(name = "Rebound static files",
        description = "Serves files from the document root (framework property rebound.root).")
public @interface FilesConfiguration {

    // The defaults, as constants the component reads its configuration with (see ConfigProperties for why).
    String INDEX_FILE = "index.html";
    long MAX_AGE_SECONDS = 0;
    int CACHE_MAX_FILE_BYTES = 64 * 1024;
    long CACHE_MAX_BYTES = 16L * 1024 * 1024;

    @AttributeDefinition(name = "Index file",
            description = "File served for a request naming a directory with a trailing slash; a plain file name.")
    String index_file() default INDEX_FILE;

    @AttributeDefinition(name = "Cache max-age",
            description = "Seconds sent as Cache-Control: max-age; 0 sends no Cache-Control header.", min = "0")
    long max_age_seconds() default MAX_AGE_SECONDS;

    @AttributeDefinition(name = "Largest cached file",
            description = "Files up to this many bytes are served from a copy in memory, checked against the file "
                    + "on every request; 0 streams every file from disk.", min = "0")
    int cache_max_file_bytes() default CACHE_MAX_FILE_BYTES;

    @AttributeDefinition(name = "Cache size",
            description = "Bytes all cached copies may use together; 0 turns the cache off.", min = "0")
    long cache_max_bytes() default CACHE_MAX_BYTES;
}
