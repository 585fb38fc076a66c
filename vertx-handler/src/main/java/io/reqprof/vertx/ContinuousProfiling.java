package io.reqprof.vertx;

import io.reqprof.core.config.Settings;

import java.lang.System.Logger.Level;

/**
 * Starts reqprof's continuous profiler (module {@code reqprof-agent}) next to request profiling when
 * the settings ask for it: {@code reqprof.service} is set and the agent is on the class path. The
 * agent is an optional dependency of this module (it brings gRPC and the upload clients), so its
 * classes are touched only through {@link AgentStarter}, after checking they are there.
 */
final class ContinuousProfiling {
    private static final System.Logger LOG = System.getLogger("io.reqprof.vertx");
    private static final String AGENT_CLASS = "io.reqprof.agent.Profiler";
    private static final AutoCloseable NOTHING = () -> { };

    private ContinuousProfiling() {
    }

    /**
     * The continuous profiler started for these settings, to close with the application; a no-op when
     * {@code reqprof.service} is not set (or reqprof is switched off), or when it was already running
     * (then whoever started it closes it).
     *
     * @throws IllegalArgumentException naming an invalid continuous-profiling setting
     */
    static AutoCloseable startIfConfigured(Settings settings) {
        if (!settings.bool("reqprof.enabled", true) || settings.get("reqprof.service").isEmpty()) return NOTHING;
        if (!agentPresent()) {
            LOG.log(Level.WARNING, "reqprof.service is set but reqprof-agent is not on the class path: continuous "
                    + "profiling is off (add io.reqprof:reqprof-agent to the application)");
            return NOTHING;
        }
        return AgentStarter.start(settings);
    }

    private static boolean agentPresent() {
        try {
            Class.forName(AGENT_CLASS, false, ContinuousProfiling.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
