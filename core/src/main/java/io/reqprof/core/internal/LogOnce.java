package io.reqprof.core.internal;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs a problem the first time it happens and counts it silently after that. A profiler that
 * degrades must say so, but must not flood an application's log once per request.
 * Internal: not part of reqprof's API.
 */
public final class LogOnce {
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private LogOnce() {
    }

    /** Logs {@code message} at {@code level} unless a message with the same {@code key} was already logged. */
    public static void log(System.Logger logger, Level level, String key, String message, Throwable error) {
        if (SEEN.add(key)) {
            if (error == null) {
                logger.log(level, message);
            } else {
                logger.log(level, message + ": " + error, error);
            }
        }
    }

    /** Forgets every key (tests, and a fresh session after close). */
    public static void reset() {
        SEEN.clear();
    }
}
