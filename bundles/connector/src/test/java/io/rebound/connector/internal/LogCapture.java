package io.rebound.connector.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Collects what the connector logs (its {@code System.Logger} goes to java.util.logging when nothing else is
 * installed), so tests can count the lines an event produced.
 */
final class LogCapture extends Handler implements AutoCloseable {

    // Held strongly: java.util.logging keeps loggers only weakly, and a collected logger would drop the handler.
    private final Logger logger = Logger.getLogger("io.rebound.connector");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogCapture() {
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** @return the messages logged at {@code level} or above that contain {@code text} */
    List<String> lines(Level level, String text) {
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= level.intValue())
                .map(LogRecord::getMessage)
                .filter(m -> m != null && m.contains(text))
                .collect(Collectors.toList());
    }

    /** @return every record at WARNING or above that carries an exception */
    List<LogRecord> failures() {
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue() && r.getThrown() != null)
                .collect(Collectors.toList());
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
