package io.reqprof.core.request;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.profile.StackTrace;
import io.reqprof.core.request.ShapeWork.Shape;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Serves synthetic requests of three shapes on a pool of threads with a real sampling session and
 * collects, for each, its profile and its ground truth (thread CPU time, elapsed time). Public for
 * the fidelity benchmark (bench/), which runs the same scenario and prints how close the estimates come.
 */
public final class AttributionScenario {
    public static final int THREADS = 8;
    public static final int REQUESTS = 210;
    static final long BURN_MS = 100;
    // long enough for about 20 CPU samples at 5 ms, so "90% in its own code" tolerates a stray one
    static final long MIX_BURN_MS = 100;
    static final long SLEEP_MS = 120;
    static final long MIX_SLEEP_MS = 60;

    /** Ground truth of one request, measured by the worker around the work. */
    public record Truth(Shape shape, long threadCpuNanos, long elapsedNanos) { }

    /** A finished request: truth and profile. */
    public record Served(Truth truth, RequestProfile profile) { }

    private AttributionScenario() {
    }

    /** Serves {@link #REQUESTS} requests on {@link #THREADS} threads and returns each with its truth. */
    public static List<Served> run(EngineConfig config) throws Exception {
        Map<String, RequestProfile> profiles = new ConcurrentHashMap<>();
        Map<String, Truth> truths = new ConcurrentHashMap<>();
        try (SamplingSession session = SamplingSession.start(config)) {
            RequestTracker tracker = RequestTracker.attach(session, p -> profiles.put(p.facts().id(), p));
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    Shape shape = Shape.values()[i % 3];
                    futures.add(pool.submit(() -> {
                        serve(tracker, shape, truths);
                        return null;
                    }));
                }
                for (Future<?> f : futures) f.get(5, TimeUnit.MINUTES);
            } finally {
                pool.shutdownNow();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (profiles.size() < REQUESTS && System.nanoTime() < deadline) {
                session.flush();
                if (profiles.size() < REQUESTS) Thread.sleep(100); // poll interval, not an assertion
            }
        }
        List<Served> served = new ArrayList<>();
        truths.forEach((id, truth) -> served.add(new Served(truth, profiles.get(id))));
        return served;
    }

    private static void serve(RequestTracker tracker, Shape shape, Map<String, Truth> truths) throws InterruptedException {
        ActiveRequest r = tracker.begin("GET", "/" + shape.name().toLowerCase(), "/" + shape.name().toLowerCase());
        long cpu0 = ShapeWork.THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long b = r.enter();
        try {
            switch (shape) {
                case CPU -> ShapeWork.run(shape, BURN_MS, 0);
                case SLEEP -> ShapeWork.run(shape, 0, SLEEP_MS);
                case MIX -> ShapeWork.run(shape, MIX_BURN_MS, MIX_SLEEP_MS);
            }
        } finally {
            r.exit(b);
        }
        long elapsed = System.nanoTime() - t0;
        long cpu = ShapeWork.THREADS.getCurrentThreadCpuTime() - cpu0;
        r.end(200);
        truths.put(r.id(), new Truth(shape, cpu, elapsed));
    }

    /** Sum of CPU (or wall) estimates over the sum of thread CPU (or elapsed) times of one shape's requests. */
    public static double totalRatio(List<Served> served, Shape shape, boolean cpu) {
        double est = 0;
        double truth = 0;
        for (Served s : served) {
            if (s.truth().shape() != shape) continue;
            est += cpu ? s.profile().cpuEstimate().toNanos() : s.profile().wallEstimate().toNanos();
            truth += cpu ? s.truth().threadCpuNanos() : s.truth().elapsedNanos();
        }
        return est / truth;
    }

    /** Samples of {@code type} in {@code s}'s profile that are in another shape's code: a misattribution. */
    public static long foreignSamples(Served s, SampleType type) {
        long n = 0;
        for (Shape other : Shape.values()) if (other != s.truth().shape()) n += countIn(s.profile(), type, other.method);
        return n;
    }

    /** Count of samples of {@code type} whose stack contains a frame of {@code function}. */
    public static long countIn(RequestProfile p, SampleType type, String function) {
        long n = 0;
        for (Sample s : p.profile().samples(type)) {
            if (contains(s.stack(), function)) n += s.count();
        }
        return n;
    }

    /** Count of samples of {@code type} whose stack contains a frame of any of {@code functions}. */
    public static long countInAny(RequestProfile p, SampleType type, List<String> functions) {
        long n = 0;
        for (Sample s : p.profile().samples(type)) {
            for (String f : functions) {
                if (contains(s.stack(), f)) {
                    n += s.count();
                    break;
                }
            }
        }
        return n;
    }

    public static boolean contains(StackTrace stack, String function) {
        for (int i = 0; i < stack.depth(); i++) {
            if (stack.frame(i).functionName().equals(function)) return true;
        }
        return false;
    }
}
