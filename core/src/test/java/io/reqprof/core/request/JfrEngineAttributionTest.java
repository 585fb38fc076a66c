package io.reqprof.core.request;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.EngineKind;
import io.reqprof.core.request.AttributionScenario.Served;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same scenario and the same invariants on the JDK Flight Recorder fallback engine. Its CPU
 * estimate is its samples weighed by the threads' CPU clocks (ThreadCpuCalibration), so the total
 * holds to the same bound as async-profiler's even when JFR's sampler falls behind.
 */
class JfrEngineAttributionTest extends EngineAttributionInvariants {
    static List<Served> served;

    @BeforeAll
    static void serve() throws Exception {
        served = AttributionScenario.run(EngineConfig.builder()
                .engine(EngineKind.JFR)
                .cpuInterval(Duration.ofMillis(5))
                .wallInterval(Duration.ofMillis(10))
                .build());
    }

    @Override
    List<Served> served() {
        return served;
    }

    @Test
    void engineIsJfr() {
        assertEquals("jfr", served.get(0).profile().profile().engine().engine());
    }
}
