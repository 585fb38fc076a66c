package io.reqprof.core.request;

import io.reqprof.core.request.AttributionScenario.Served;
import io.reqprof.core.request.ShapeWork.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * What every engine must hold on the attribution scenario, on a loaded machine too
 * (see {@link AttributionChecks}). Each engine's test class serves the scenario once and inherits
 * these; accuracy figures come from bench/run-fidelity-bench.sh.
 */
abstract class EngineAttributionInvariants {
    /** The scenario's requests, served once per engine class. */
    abstract List<Served> served();

    @Test
    void everyRequestIsDeliveredWithItsFacts() {
        AttributionChecks.allDelivered(served());
    }

    @Test
    void noRequestHoldsAnotherRequestsSamples() {
        AttributionChecks.noSampleOfAnotherRequest(served());
    }

    @Test
    void busyRequestsAreSampledInTheirOwnCode() {
        AttributionChecks.busyRequestsWereSampled(served());
    }

    @Test
    void totalCpuEstimateHoldsForBusyRequests() {
        AttributionChecks.totalCpuEstimateHolds(served(), Shape.CPU);
        AttributionChecks.totalCpuEstimateHolds(served(), Shape.MIX);
    }

    @Test
    void totalWallEstimateHoldsForEveryShape() {
        for (Shape shape : Shape.values()) AttributionChecks.totalWallEstimateHolds(served(), shape);
    }
}
