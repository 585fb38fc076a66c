package io.reqprof.core.request;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.EngineKind;
import io.reqprof.core.request.AttributionScenario.Served;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The foundation's acceptance test on async-profiler: 8 threads, 210 requests of three shapes, CPU
 * every 5 ms and wall every 10 ms, held to {@link EngineAttributionInvariants}.
 */
class AsyncEngineAttributionTest extends EngineAttributionInvariants {
    static List<Served> served;

    @BeforeAll
    static void serve() throws Exception {
        served = AttributionScenario.run(EngineConfig.builder()
                .engine(EngineKind.ASYNC)
                .cpuInterval(Duration.ofMillis(5))
                .wallInterval(Duration.ofMillis(10))
                .build());
    }

    @Override
    List<Served> served() {
        return served;
    }

    @Test
    void engineFactsNameTheRealCpuSampler() {
        var engine = served.get(0).profile().profile().engine();
        assertEquals("async-profiler", engine.engine());
        assertTrue(List.of("perf_events", "ctimer", "itimer").contains(engine.cpuSampler()), engine.cpuSampler());
        assertEquals(Duration.ofMillis(5), engine.cpuInterval());
        assertEquals(Duration.ofMillis(10), engine.wallInterval());
    }
}
