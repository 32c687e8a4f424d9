/**
 * The HTTP API of Rebound: what a request handler sees.
 *
 * <p>A handler is an {@link io.rebound.http.api.HttpHandler} registered as an OSGi service (whiteboard) with a
 * {@value io.rebound.http.api.HttpHandler#PATH} property naming the path prefix it serves. The router dispatches
 * each request to the handler with the longest matching prefix. Handlers may be rebooted at any time: they keep no
 * state that must outlive their bundle.
 */
@Export
@Version("1.2.0")
package io.rebound.http.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
