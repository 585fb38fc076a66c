package io.reqprof.bench;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.EngineKind;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.request.ActiveRequest;
import io.reqprof.core.request.RequestTracker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cost of request marks on the request thread: one bracket ({@code enter} + {@code exit}) on an
 * open request, with the profiler off (a disabled tracker) and running (async-profiler or JFR).
 * The request is replaced every 1,000 brackets, so {@code begin} and {@code end} are included at
 * 1/1000 of their cost. The target for a bracket is 300 ns.
 *
 * <p>A whole-request benchmark is deliberately absent: JMH would begin millions of requests per
 * second, far past {@link RequestTracker#MAX_IN_FLIGHT}, and measure the untracked fast path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BracketBenchmark {
    // A request is replaced after this many brackets, like a long event-loop request would be.
    private static final int BRACKETS_PER_REQUEST = 1_000;

    @Param({"off", "async", "jfr"})
    public String profiler;

    private SamplingSession session;
    private RequestTracker tracker;
    // requests delivered with their profiles: a trial whose tracker delivered none did not measure brackets
    // on a running profiler, only a fast path that bailed out
    private final AtomicLong delivered = new AtomicLong();

    @Setup(Level.Trial)
    public void start() {
        if (profiler.equals("off")) {
            tracker = RequestTracker.disabled();
        } else {
            session = SamplingSession.start(EngineConfig.builder().engine(EngineKind.parse(profiler)).build());
            tracker = RequestTracker.attach(session, p -> delivered.incrementAndGet());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (session == null) return;
        session.flush();
        session.close();
        if (delivered.get() == 0) {
            throw new IllegalStateException(profiler + ": no request was delivered; the figure would not measure brackets "
                    + "on a running profiler");
        }
        System.out.println(profiler + ": " + delivered.get() + " requests delivered with their profiles");
    }

    /** Per-thread request whose brackets the bracket benchmark records. */
    @State(Scope.Thread)
    public static class OpenRequest {
        ActiveRequest request;
        int brackets;

        ActiveRequest get(RequestTracker tracker) {
            if (request == null || ++brackets == BRACKETS_PER_REQUEST) {
                if (request != null) request.end(200);
                request = tracker.begin("GET", "/bench", "/bench");
                brackets = 0;
            }
            return request;
        }

        @TearDown(Level.Trial)
        public void end() {
            if (request != null) request.end(200);
        }
    }

    @Benchmark
    public long bracket(OpenRequest open) {
        ActiveRequest r = open.get(tracker);
        long b = r.enter();
        r.exit(b);
        return b;
    }
}
