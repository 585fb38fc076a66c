package io.reqprof.core.request;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.EngineKind;
import io.reqprof.core.request.AttributionScenario.Served;
import io.reqprof.core.request.ShapeWork.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The foundation's acceptance test on async-profiler: 8 threads, 210 requests of three shapes.
 * CPU is sampled every 5 ms so each 100 ms burn has about 20 samples and "90% in its own code"
 * tolerates a stray sample or two; wall every 10 ms so a 120 ms request has enough wall samples
 * for a ±25% check.
 */
class AsyncEngineAttributionTest {
    static List<Served> served;
    static double loadBefore;

    @BeforeAll
    static void serve() throws Exception {
        loadBefore = QuietMachine.loadPerCore();
        served = AttributionScenario.run(EngineConfig.builder()
                .engine(EngineKind.ASYNC)
                .cpuInterval(Duration.ofMillis(5))
                .wallInterval(Duration.ofMillis(10))
                .build());
        AttributionChecks.report("async", served);
    }

    @Test
    void engineFactsNameTheRealCpuSampler() {
        var engine = served.get(0).profile().profile().engine();
        assertEquals("async-profiler", engine.engine());
        assertTrue(List.of("perf_events", "ctimer", "itimer").contains(engine.cpuSampler()), engine.cpuSampler());
        assertEquals(Duration.ofMillis(5), engine.cpuInterval());
        assertEquals(Duration.ofMillis(10), engine.wallInterval());
    }

    @Test
    void everyRequestIsDeliveredWithItsFacts() {
        AttributionChecks.allDelivered(served);
    }

    @Test
    void cpuSamplesFallInTheRequestsOwnShape() {
        AttributionChecks.cpuSamplesBelongToOwnShape(served, 0.90);
    }

    @Test
    void cpuEstimateIsWithin25PercentOfThreadCpuTime() {
        AttributionChecks.cpuEstimateMatchesThreadCpu(served, 0.25);
    }

    @Test
    void wallEstimateIsWithin25PercentOfElapsedTime() {
        QuietMachine.assumeQuiet(loadBefore);
        AttributionChecks.wallEstimateMatchesElapsed(served, 0.25, Shape.values());
    }
}
