package io.rebound.runtime;

import java.util.logging.Level;

/**
 * Routes the Felix framework's own log to java.util.logging. Felix's default logger prints to stdout, which must
 * carry nothing but the ready line.
 */
final class FelixLogBridge extends org.apache.felix.framework.Logger {

    private final java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.apache.felix.framework");

    @Override
    protected void doLog(int level, String message, Throwable throwable) {
        log.log(julLevel(level), message, throwable);
    }

    private static Level julLevel(int felixLevel) {
        switch (felixLevel) {
            case LOG_ERROR:
                return Level.SEVERE;
            case LOG_WARNING:
                return Level.WARNING;
            case LOG_INFO:
                return Level.INFO;
            default:
                return Level.FINE;
        }
    }
}
