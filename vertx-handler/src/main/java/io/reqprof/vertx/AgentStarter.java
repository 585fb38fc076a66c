package io.reqprof.vertx;

import io.reqprof.agent.Profiler;
import io.reqprof.agent.ProfilerConfig;
import io.reqprof.core.config.Settings;

/** The only class that links against the optional agent; loaded only once the agent is known to be there. */
final class AgentStarter {
    private AgentStarter() {
    }

    static AutoCloseable start(Settings settings) {
        // Profiler is one per JVM: start returns the running one when its settings are equal. Close
        // only a profiler this call started, never one the application started itself.
        Profiler before = Profiler.current();
        Profiler p = Profiler.start(ProfilerConfig.from(settings));
        return p == before ? () -> { } : p;
    }
}
