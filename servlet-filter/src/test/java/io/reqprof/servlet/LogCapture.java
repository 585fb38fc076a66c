package io.reqprof.servlet;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects java.util.logging records (where {@code System.Logger}, Tomcat's JULI and so reqprof log
 * by default) under one logger name while open.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(String name) {
        this.logger = Logger.getLogger(name);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Starts capturing records of {@code name} and its children ("" for everything). */
    static LogCapture of(String name) {
        return new LogCapture(name);
    }

    @Override
    public void publish(LogRecord r) {
        records.add(r);
    }

    /** Every captured message with its throwable chain's messages appended. */
    List<String> messages() {
        return records.stream().map(r -> {
            StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) sb.append(" | ").append(t);
            return sb.toString();
        }).toList();
    }

    List<LogRecord> records() {
        return records;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
