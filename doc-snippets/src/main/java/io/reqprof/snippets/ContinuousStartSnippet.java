package io.reqprof.snippets;

import io.reqprof.agent.Profiler;
import io.reqprof.agent.ProfilerConfig;

/** docs/CONTINUOUS.md: starting the continuous profiler. */
final class ContinuousStartSnippet {
    private ContinuousStartSnippet() {
    }

    static void run() {
        // snippet:begin continuous-start
        Profiler.start(ProfilerConfig.builder().service("checkout").serviceVersion("1.4.2").build());
        // or from -Dreqprof.service=checkout ... / REQPROF_SERVICE=checkout ...
        Profiler.start();
        // snippet:end
    }
}
