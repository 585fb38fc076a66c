package io.reqprof.collector;

import io.reqprof.agent.Profiler;
import io.reqprof.agent.ProfilerConfig;

/** One replica for {@link OurAgentEndToEndTest}: reqprof's agent against the collector, while burning CPU. */
public final class AgentReplica {
    private AgentReplica() {
    }

    public static void main(String[] args) throws Exception {
        try (Profiler p = Profiler.start(ProfilerConfig.builder().service(args[1]).serviceVersion(args[2])
                .projectId("test-project").zone("zone-1").instance(args[3])
                .target("grpc://127.0.0.1:" + args[0]).build())) {
            long end = System.currentTimeMillis() + Long.parseLong(args[4]);
            double x = 0;
            while (System.currentTimeMillis() < end) x += PyroscopeWorkload.burn();
            System.out.println(x);
        }
    }
}
