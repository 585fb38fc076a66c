package io.reqprof.agent;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Maps {@code verbose} 0–3 to the level of the continuous agent's loggers ({@code io.reqprof.agent}),
 * as Google's agents do: error, warning, info, debug. Only the agent's: request profiling's loggers
 * (the dump summaries on {@code io.reqprof.dump} among them) keep the application's configuration. reqprof logs through {@link System.Logger}, which goes to
 * java.util.logging unless the application installs another backend (then its own configuration
 * rules, and this has no effect).
 */
final class Verbosity {
    // JUL holds loggers weakly: keep ours so its level survives garbage collection.
    private static final Logger ROOT = Logger.getLogger("io.reqprof.agent");
    private static Handler debugHandler;

    private Verbosity() {
    }

    static Level level(int verbose) {
        return switch (verbose) {
            case 0 -> Level.SEVERE;
            case 1 -> Level.WARNING;
            case 2 -> Level.INFO;
            default -> Level.FINE;
        };
    }

    static synchronized void apply(int verbose) {
        Level level = level(verbose);
        ROOT.setLevel(level);
        if (verbose >= 3 && debugHandler == null) {
            // The JDK's default console handler drops everything below INFO; debug needs its own handler.
            debugHandler = new ConsoleHandler();
            debugHandler.setLevel(Level.FINE);
            ROOT.addHandler(debugHandler);
            ROOT.setUseParentHandlers(false);
        } else if (verbose < 3 && debugHandler != null) {
            ROOT.removeHandler(debugHandler);
            ROOT.setUseParentHandlers(true);
            debugHandler = null;
        }
    }
}
