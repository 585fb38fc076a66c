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

/**
 * The same scenario on the JDK Flight Recorder fallback engine. Attribution is held to the same
 * standard; time estimates get the looser, documented bounds of docs/ENGINES.md: JFR samples
 * threads that are in Java code whether or not they hold a CPU, and only a few per period, so
 * its "CPU" is calibrated only on average, while sleeps are exact because JFR reports them as
 * duration events.
 */
class JfrEngineAttributionTest {
    static List<Served> served;
    static double loadBefore;

    @BeforeAll
    static void serve() throws Exception {
        loadBefore = QuietMachine.loadPerCore();
        served = AttributionScenario.run(EngineConfig.builder()
                .engine(EngineKind.JFR)
                .cpuInterval(Duration.ofMillis(5))
                .wallInterval(Duration.ofMillis(10))
                .build());
        AttributionChecks.report("jfr", served);
    }

    @Test
    void engineIsJfr() {
        assertEquals("jfr", served.get(0).profile().profile().engine().engine());
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
    void sleepingRequestsWallEstimateIsWithin25PercentOfElapsed() {
        AttributionChecks.wallEstimateMatchesElapsed(served, 0.25, Shape.SLEEP);
    }

    @Test
    void cpuEstimateOverAllCpuRequestsIsWithin50PercentOfThreadCpu() {
        AttributionChecks.aggregateRatioWithin(served, Shape.CPU, true, 0.50);
    }

    @Test
    void wallEstimateOverAllRequestsIsWithin50PercentOfElapsed() {
        QuietMachine.assumeQuiet(loadBefore);
        AttributionChecks.aggregateRatioWithin(served, Shape.CPU, false, 0.50);
        AttributionChecks.aggregateRatioWithin(served, Shape.MIX, false, 0.50);
    }
}
