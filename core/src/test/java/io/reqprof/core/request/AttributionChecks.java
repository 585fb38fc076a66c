package io.reqprof.core.request;

import io.reqprof.core.profile.SampleType;
import io.reqprof.core.request.AttributionScenario.Served;
import io.reqprof.core.request.ShapeWork.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What must hold for every engine on any machine, however loaded: every request delivered with its
 * facts, no request holding another's samples, the engine sampling at all, and estimates summed over
 * many requests within a bound that only a defect (lost or double-counted samples, a wrong weight)
 * breaks. How close the estimates come, and their spread, is the fidelity benchmark's job
 * (bench/run-fidelity-bench.sh), which prints the figures docs/ENGINES.md quotes.
 */
final class AttributionChecks {
    /** Sum of estimates over sum of truths, over all requests of a shape, stays within 1 ± this. */
    static final double TOTAL_TOLERANCE = 0.5;

    private AttributionChecks() {
    }

    /** Every request delivered once, with its facts. */
    static void allDelivered(List<Served> served) {
        assertEquals(AttributionScenario.REQUESTS, served.size(), "requests served");
        for (Served s : served) {
            assertNotNull(s.profile(), "profile delivered for a " + s.truth().shape() + " request");
            RequestFacts f = s.profile().facts();
            assertEquals("GET", f.method());
            assertEquals("/" + s.truth().shape().name().toLowerCase(Locale.ROOT), f.path());
            assertEquals(f.path(), f.route());
            assertEquals(200, f.status());
            assertTrue(f.elapsed().toNanos() >= s.truth().elapsedNanos(), "elapsed covers the work");
        }
    }

    /** No CPU or wall sample of a request lies in another shape's code. */
    static void noSampleOfAnotherRequest(List<Served> served) {
        List<String> violations = new ArrayList<>();
        for (Served s : served) {
            for (SampleType type : List.of(SampleType.CPU, SampleType.WALL)) {
                long foreign = AttributionScenario.foreignSamples(s, type);
                if (foreign > 0) violations.add(s.truth().shape() + " request has " + foreign + " " + type + " samples in other shapes' code");
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    /**
     * The engine sampled the busy requests: at least one CPU sample per CPU request on average (at a
     * 5 ms interval each 100 ms burn should get about 20), and the samples in the shape's own code.
     */
    static void busyRequestsWereSampled(List<Served> served) {
        long requests = 0;
        long samples = 0;
        long own = 0;
        for (Served s : served) {
            if (s.truth().shape() != Shape.CPU) continue;
            requests++;
            samples += s.profile().profile().totalCount(SampleType.CPU);
            own += AttributionScenario.countInAny(s.profile(), SampleType.CPU, Shape.CPU.ownMethods);
        }
        assertTrue(samples >= requests, samples + " CPU samples over " + requests + " CPU requests");
        assertTrue(own >= requests, own + " of " + samples + " CPU samples of the CPU requests in " + Shape.CPU.ownMethods);
    }

    /** CPU estimate over thread CPU time, summed over all requests of {@code shape}, within 1 ± {@link #TOTAL_TOLERANCE}. */
    static void totalCpuEstimateHolds(List<Served> served, Shape shape) {
        assertRatio(shape, "CPU", AttributionScenario.totalRatio(served, shape, true));
    }

    /** Wall estimate over elapsed time, summed over all requests of {@code shape}, within 1 ± {@link #TOTAL_TOLERANCE}. */
    static void totalWallEstimateHolds(List<Served> served, Shape shape) {
        assertRatio(shape, "wall", AttributionScenario.totalRatio(served, shape, false));
    }

    private static void assertRatio(Shape shape, String what, double ratio) {
        assertTrue(Math.abs(ratio - 1) <= TOTAL_TOLERANCE, String.format(Locale.ROOT,
                "%s %s estimate / truth over all requests = %.2f, allowed 1 ± %.2f", shape, what, ratio, TOTAL_TOLERANCE));
    }
}
