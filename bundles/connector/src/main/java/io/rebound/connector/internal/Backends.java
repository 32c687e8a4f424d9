package io.rebound.connector.internal;

import io.rebound.http.spi.AccessLog;
import io.rebound.http.spi.Dispatcher;
import io.rebound.http.spi.RequestParser;

/**
 * The services a connection calls, each provided by a separately rebootable bundle. Every getter returns the
 * current instance or {@code null} while its bundle is rebooting, so callers read it once per request.
 */
interface Backends {

    RequestParser parser();

    Dispatcher dispatcher();

    AccessLog accessLog();
}
