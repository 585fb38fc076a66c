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

/** The per-request acceptance checks, shared by the engine-specific tests. */
final class AttributionChecks {
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

    /** At least {@code minOwn} of each request's CPU samples in its own shape's method, none in another's. */
    static void cpuSamplesBelongToOwnShape(List<Served> served, double minOwn) {
        List<String> violations = new ArrayList<>();
        for (Served s : served) {
            Shape own = s.truth().shape();
            RequestProfile p = s.profile();
            long total = p.profile().totalCount(SampleType.CPU);
            long ownCount = AttributionScenario.countInAny(p, SampleType.CPU, own.ownMethods);
            // a request that burned 100 ms of CPU must show it; a sleep may have no CPU sample at all
            if (own == Shape.CPU && total == 0) {
                violations.add(own + " request has no CPU samples: " + p.facts() + " wall samples " + p.profile().totalCount(SampleType.WALL));
            }
            if (total > 0 && ownCount < minOwn * total && own != Shape.SLEEP) {
                violations.add(own + " request: " + ownCount + "/" + total + " CPU samples in " + own.ownMethods
                        + "; others: " + otherStacks(p, own.ownMethods));
            }
            for (Shape other : Shape.values()) {
                if (other == own) continue;
                long foreign = AttributionScenario.countIn(p, SampleType.CPU, other.method)
                        + AttributionScenario.countIn(p, SampleType.WALL, other.method);
                if (foreign > 0) violations.add(own + " request has " + foreign + " samples in " + other.method);
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    private static String otherStacks(RequestProfile p, List<String> methods) {
        StringBuilder sb = new StringBuilder();
        for (io.reqprof.core.profile.Sample s : p.profile().samples(SampleType.CPU)) {
            if (methods.stream().anyMatch(m -> AttributionScenario.contains(s.stack(), m))) continue;
            sb.append("\n    ").append(s.count()).append(" x ");
            for (int i = 0; i < Math.min(6, s.stack().depth()); i++) sb.append(s.stack().frame(i)).append(" <- ");
        }
        return sb.toString();
    }

    /** CPU estimate within {@code tolerance} of thread CPU time, for requests that burned at least 100 ms. */
    static void cpuEstimateMatchesThreadCpu(List<Served> served, double tolerance) {
        List<String> violations = new ArrayList<>();
        for (Served s : served) {
            if (s.truth().shape() != Shape.CPU) continue;
            double est = s.profile().cpuEstimate().toNanos();
            double truth = s.truth().threadCpuNanos();
            if (Math.abs(est - truth) > tolerance * truth) {
                violations.add(String.format(Locale.ROOT, "CPU estimate %.1f ms vs thread CPU %.1f ms", est / 1e6, truth / 1e6));
            }
        }
        assertTrue(violations.isEmpty(), violations.size() + " of the CPU requests off by more than "
                + (int) (tolerance * 100) + "%:\n" + String.join("\n", violations));
    }

    /** Wall estimate within {@code tolerance} of elapsed time for the given shapes. */
    static void wallEstimateMatchesElapsed(List<Served> served, double tolerance, Shape... shapes) {
        List<String> violations = new ArrayList<>();
        for (Served s : served) {
            if (!List.of(shapes).contains(s.truth().shape())) continue;
            double est = s.profile().wallEstimate().toNanos();
            double truth = s.truth().elapsedNanos();
            if (Math.abs(est - truth) > tolerance * truth) {
                violations.add(String.format(Locale.ROOT, "%s: wall estimate %.1f ms vs elapsed %.1f ms",
                        s.truth().shape(), est / 1e6, truth / 1e6));
            }
        }
        assertTrue(violations.isEmpty(), violations.size() + " requests off by more than "
                + (int) (tolerance * 100) + "%:\n" + String.join("\n", violations));
    }

    /**
     * Sum of estimates over sum of truths for one shape, within {@code tolerance}: the looser check
     * for the JFR engine, whose per-request CPU figures are not calibrated (docs/ENGINES.md).
     */
    static void aggregateRatioWithin(List<Served> served, Shape shape, boolean cpu, double tolerance) {
        double est = 0;
        double truth = 0;
        for (Served s : served) {
            if (s.truth().shape() != shape) continue;
            est += cpu ? s.profile().cpuEstimate().toNanos() : s.profile().wallEstimate().toNanos();
            truth += cpu ? s.truth().threadCpuNanos() : s.truth().elapsedNanos();
        }
        double ratio = est / truth;
        assertTrue(Math.abs(ratio - 1) <= tolerance, String.format(Locale.ROOT,
                "%s %s estimate / truth over all requests = %.2f, allowed 1 ± %.2f", shape, cpu ? "CPU" : "wall", ratio, tolerance));
    }

    /** Prints the estimate/truth ratios per shape: the figures docs/ENGINES.md quotes come from here. */
    static void report(String engine, List<Served> served) {
        for (Shape shape : Shape.values()) {
            double cMin = Double.MAX_VALUE, cMax = 0, wMin = Double.MAX_VALUE, wMax = 0, cSum = 0, wSum = 0;
            int n = 0;
            for (Served s : served) {
                if (s.truth().shape() != shape) continue;
                double c = s.truth().threadCpuNanos() == 0 ? 0 : s.profile().cpuEstimate().toNanos() / (double) s.truth().threadCpuNanos();
                double w = s.profile().wallEstimate().toNanos() / (double) s.truth().elapsedNanos();
                cMin = Math.min(cMin, c); cMax = Math.max(cMax, c); cSum += c;
                wMin = Math.min(wMin, w); wMax = Math.max(wMax, w); wSum += w;
                n++;
            }
            System.out.printf(Locale.ROOT, "[%s] %-5s n=%d cpu/threadCpu mean %.2f [%.2f..%.2f]  wall/elapsed mean %.2f [%.2f..%.2f]%n",
                    engine, shape, n, cSum / n, cMin, cMax, wSum / n, wMin, wMax);
        }
    }
}
