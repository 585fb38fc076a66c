package io.reqprof.quarkus.runtime;

import io.reqprof.core.config.Settings;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;

/**
 * The seam for continuous profiling (issue #4's agent and, in dev mode, issue #5's embedded
 * collector). It reads {@code reqprof.target}; when a target is set and the agent is on the class
 * path it will start {@code io.reqprof.agent.Profiler} with it, and with {@code collector} in dev mode
 * it will first start {@code io.reqprof.collector.Collector} in-process and point the agent at it.
 * Until those modules exist, a configured target is reported once in the log and nothing else runs.
 */
class ContinuousProfiling implements AutoCloseable {
    static final String AGENT_CLASS = "io.reqprof.agent.Profiler";
    private static final System.Logger LOG = System.getLogger("io.reqprof.quarkus");

    private static final ContinuousProfiling OFF = new ContinuousProfiling();

    /** Starts continuous profiling as {@code settings} ask; never null. */
    static ContinuousProfiling start(Settings settings, boolean devMode) {
        String target = settings.string("reqprof.target", "none").trim();
        if (target.toLowerCase(Locale.ROOT).equals("none")) return OFF;
        if (!onClassPath(AGENT_CLASS)) {
            Level level = devMode && target.equalsIgnoreCase("collector") ? Level.DEBUG : Level.WARNING;
            LOG.log(level, "reqprof: continuous profiling target '" + target + "' is set, but the reqprof agent ("
                    + AGENT_CLASS + ") is not in this build; only request profiling runs");
            return OFF;
        }
        LOG.log(Level.WARNING, "reqprof: continuous profiling to '" + target + "' is not wired into the Quarkus extension yet;"
                + " only request profiling runs");
        return OFF;
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, ContinuousProfiling.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** URL of the collector's web UI when this instance started one. */
    Optional<String> collectorUrl() {
        return Optional.empty();
    }

    @Override
    public void close() {
    }
}
