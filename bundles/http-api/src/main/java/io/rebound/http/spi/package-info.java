/**
 * Contracts between Rebound's own server components: the connector calls the {@link RequestParser} to frame
 * requests, the {@link Dispatcher} (router) to answer them and the {@link AccessLog} to record them. Each is
 * provided by a separately rebootable bundle, so callers hold them through dynamic references and cope with their
 * brief absence.
 */
@Export
@Version("1.1.0")
package io.rebound.http.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
