package io.reqprof.bench;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.EngineKind;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.request.AttributionScenario;
import io.reqprof.core.request.AttributionScenario.Served;
import io.reqprof.core.request.ShapeWork.Shape;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How close each engine's per-request estimates come to the truth: the attribution tests' scenario
 * (8 threads on this machine's cores, 210 requests: 100 ms CPU burns, 120 ms sleeps, 100 ms burn +
 * 60 ms sleep; CPU every 5 ms, wall every 10 ms), run {@code rounds} times per engine. Prints, per
 * engine and shape, estimate / truth per request (median and 10th..90th percentile), the total
 * over all requests, and the share of CPU samples in the shape's own code. For JFR it also prints
 * the uncalibrated CPU total (CPU samples &times; interval, the estimate before ThreadCpuCalibration).
 *
 * <p>Fails (exit 1) unless every request of every round was delivered with samples and no sample
 * landed in another request's code: a figure measured on an engine that did not sample, or that
 * misattributed, is not one.
 *
 * <p>Usage: {@code java -cp bench/target/reqprof-bench.jar io.reqprof.bench.FidelityBenchmark [rounds] [async,jfr]}
 */
public final class FidelityBenchmark {
    private static final Duration CPU_INTERVAL = Duration.ofMillis(5);

    private FidelityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<String> engines = List.of((args.length > 1 ? args[1] : "async,jfr").split(","));
        System.out.printf(Locale.ROOT, "fidelity: %d rounds, %d requests on %d threads, %d cores, JDK %s, load average %.1f%n",
                rounds, AttributionScenario.REQUESTS, AttributionScenario.THREADS, Runtime.getRuntime().availableProcessors(),
                Runtime.version(), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        boolean ok = true;
        for (String name : engines) {
            EngineKind kind = EngineKind.valueOf(name.trim().toUpperCase(Locale.ROOT));
            List<List<Served>> runs = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                List<Served> served = AttributionScenario.run(EngineConfig.builder().engine(kind)
                        .cpuInterval(CPU_INTERVAL).wallInterval(Duration.ofMillis(10)).build());
                String problem = problem(served);
                if (problem != null) {
                    System.out.println("FAILED " + name + " round " + (r + 1) + ": " + problem);
                    ok = false;
                }
                runs.add(served);
            }
            long misattributed = print(name, runs);
            if (misattributed > 0) {
                System.out.println("FAILED " + name + ": " + misattributed + " samples in another request's code");
                ok = false;
            }
        }
        if (!ok) {
            System.out.println("fidelity benchmark FAILED: a round did not deliver every request with samples, or a sample was "
                    + "attributed to the wrong request; no figure above stands");
            System.exit(1);
        }
    }

    /** Why a round's figures cannot stand, or null. */
    private static String problem(List<Served> served) {
        if (served.size() != AttributionScenario.REQUESTS) return served.size() + " of " + AttributionScenario.REQUESTS + " requests served";
        long cpuSamples = 0;
        for (Served s : served) {
            if (s.profile() == null) return "a " + s.truth().shape() + " request was not delivered";
            if (s.truth().shape() == Shape.CPU) cpuSamples += s.profile().profile().totalCount(SampleType.CPU);
        }
        return cpuSamples == 0 ? "no CPU sample in any CPU request" : null;
    }

    /** Prints the engine's figures; returns how many samples landed in another request's code (a defect). */
    private static long print(String engine, List<List<Served>> runs) {
        long misattributed = 0;
        long samples = 0;
        for (List<Served> run : runs) for (Served s : run) samples += s.profile().profile().totalCount(SampleType.CPU) + s.profile().profile().totalCount(SampleType.WALL);
        System.out.printf(Locale.ROOT, "[%s] %d rounds delivered, %d samples in request profiles%n", engine, runs.size(), samples);
        for (Shape shape : Shape.values()) {
            List<Double> cpu = new ArrayList<>();
            List<Double> wall = new ArrayList<>();
            StringBuilder cpuTotals = new StringBuilder();
            StringBuilder wallTotals = new StringBuilder();
            StringBuilder rawTotals = new StringBuilder();
            long own = 0;
            long all = 0;
            long foreign = 0;
            long foreignWall = 0;
            for (List<Served> run : runs) {
                double rawEst = 0;
                double cpuTruth = 0;
                for (Served s : run) {
                    if (s.truth().shape() != shape) continue;
                    if (s.truth().threadCpuNanos() > 1_000_000) {
                        cpu.add(s.profile().cpuEstimate().toNanos() / (double) s.truth().threadCpuNanos());
                    }
                    wall.add(s.profile().wallEstimate().toNanos() / (double) s.truth().elapsedNanos());
                    long n = s.profile().profile().totalCount(SampleType.CPU);
                    rawEst += n * (double) CPU_INTERVAL.toNanos();
                    cpuTruth += s.truth().threadCpuNanos();
                    all += n;
                    own += AttributionScenario.countInAny(s.profile(), SampleType.CPU, shape.ownMethods);
                    foreign += AttributionScenario.foreignSamples(s, SampleType.CPU);
                    foreignWall += AttributionScenario.foreignSamples(s, SampleType.WALL);
                }
                cpuTotals.append(String.format(Locale.ROOT, " %.2f", AttributionScenario.totalRatio(run, shape, true)));
                wallTotals.append(String.format(Locale.ROOT, " %.2f", AttributionScenario.totalRatio(run, shape, false)));
                rawTotals.append(String.format(Locale.ROOT, " %.2f", rawEst / cpuTruth));
            }
            System.out.printf(Locale.ROOT, "[%s] %-5s cpu/threadCpu %s, totals%s%s | wall/elapsed %s, totals%s | own-code CPU samples %s | samples in other requests' code: CPU %d, wall %d%n",
                    engine, shape, spread(cpu), cpuTotals, engine.equals("jfr") ? " (samples x interval:" + rawTotals + ")" : "",
                    spread(wall), wallTotals, all == 0 ? "-" : String.format(Locale.ROOT, "%.3f", own / (double) all), foreign, foreignWall);
            misattributed += foreign + foreignWall;
        }
        return misattributed;
    }

    /** Median and 10th..90th percentile of per-request ratios. */
    private static String spread(List<Double> values) {
        if (values.isEmpty()) return "-";
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return String.format(Locale.ROOT, "median %.2f [p10 %.2f .. p90 %.2f]", v[v.length / 2], v[v.length / 10], v[v.length * 9 / 10]);
    }
}
