package io.rebound.connector.internal;

import java.util.List;

import io.rebound.http.spi.AccessLog;
import io.rebound.http.spi.Dispatcher;
import io.rebound.http.spi.RequestParser;
import io.rebound.recovery.api.Call;
import io.rebound.recovery.api.FaultSwitch;

/**
 * The services a connection calls, each provided by a separately rebootable bundle: parser and router through
 * {@link ServiceGate}s (a request waits a bounded time for a rebooting one), access logs as a snapshot.
 */
interface Backends {

    /** The request parser, and the wait for a new one while it reboots. */
    ServiceGate<RequestParser> parser();

    /** The router, and the wait for a new one while it reboots. */
    ServiceGate<Dispatcher> dispatcher();

    /** @return every access log present now (possibly none); an immutable snapshot */
    List<AccessLog> accessLogs();

    /**
     * Marks the start of a call into {@code callee} (a backend, or the connector itself for its own work) for the
     * supervisor's deadlines; {@link Call#NONE} while no supervisor is present.
     */
    Call enter(Object callee);

    /** @return the connector's fault-injection switch (inert unless the server runs with --faults) */
    FaultSwitch faults();
}
