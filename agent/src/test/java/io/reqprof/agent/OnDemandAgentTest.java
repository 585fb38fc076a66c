package io.reqprof.agent;

import com.google.devtools.cloudprofiler.v2.ProfileType;
import com.google.devtools.cloudprofiler.v2.UpdateProfileRequest;
import io.grpc.Status;
import io.reqprof.core.dump.DumpConfig;
import io.reqprof.core.dump.DumpSelection;
import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.SampleChunk;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.pprof.PprofDecoder;
import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.web.WebProfiler;
import io.reqprof.core.web.WebProfilerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent alone samples only during the windows the server asks for; with request profiling in
 * the same JVM the session samples throughout (real async-profiler, real gRPC).
 */
class OnDemandAgentTest {
    private static final Duration CHUNK = Duration.ofMillis(250);
    private FakeCloudProfiler server;
    private Workload workload;
    private Profiler profiler;

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeCloudProfiler();
        workload = new Workload();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (profiler != null) profiler.close();
        workload.close();
        server.close();
    }

    private ProfilerConfig config() {
        return ProfilerConfig.builder().service("checkout").projectId("proj-1").zone("z").instance("host-a")
                .target(server.target()).bearerToken("t0k")
                .engine(EngineConfig.builder().cpuInterval(Duration.ofMillis(5)).wallInterval(Duration.ofMillis(10))
                        .chunkPeriod(CHUNK).build())
                .build();
    }

    @Test
    void aloneItSamplesOnlyDuringTheWindowTheServerAsksFor() throws Exception {
        // "not now" for 1.5 s, then one 1 s CPU window, then parked (ten-minute RetryInfo)
        server.script.add(new FakeCloudProfiler.Fail(Status.ABORTED, Duration.ofMillis(1500)));
        server.script.add(new FakeCloudProfiler.Give(ProfileType.CPU, Duration.ofSeconds(1)));
        profiler = Profiler.start(config());
        SamplingSession session = SamplingSession.current().orElseThrow();
        List<SampleChunk> chunks = new CopyOnWriteArrayList<>();
        session.addListener(chunks::add);
        assertFalse(session.isSampling(), "paused as soon as start returns: no window is open");
        assertEquals(0, files(session));

        take(server.creates, 10);
        take(server.creates, 10);
        UpdateProfileRequest update = take(server.updates, 15).request();
        take(server.creates, 10); // the agent asks again and is parked
        awaitTrue(() -> !session.isSampling(), "paused once the window was uploaded");
        assertEquals(0, files(session), "no recording file while paused");

        Profile p = PprofDecoder.decode(new GZIPInputStream(new ByteArrayInputStream(
                update.getProfile().getProfileBytes().toByteArray())).readAllBytes());
        assertEquals(1_000_000_000L, p.durationNanos());
        long hot = 0;
        for (Sample s : p.samples()) if (has(s, "hotMethodOfTheWorkload")) hot += s.value();
        assertTrue(hot > 200_000_000L, "the workload's CPU is in the window: " + hot / 1e6 + " ms");

        double sampled = 0;
        for (SampleChunk c : chunks) sampled += (c.endTime() - c.startTime()) / (double) session.ticksPerSecond();
        System.out.printf("agent alone: sampled %.3f s for a 1 s window over %.1f s%n", sampled, 1.5 + 1 + 0.5);
        // the window, plus at most about one chunk for its end to be read; nothing during the 1.5 s wait
        assertTrue(sampled >= 0.99 && sampled <= 1.0 + 2 * CHUNK.toMillis() / 1e3, "sampled " + sampled + " s");
    }

    @Test
    void withRequestProfilingTheSessionSamplesThroughoutAndWindowsStillWork(@TempDir Path tmp) throws Exception {
        server.script.add(new FakeCloudProfiler.Give(ProfileType.CPU, Duration.ofSeconds(1)));
        try (WebProfiler web = WebProfiler.start(WebProfilerConfig.builder().engine(config().engine())
                .dumps(DumpConfig.builder().profileDir(tmp).selection(DumpSelection.all()).build()).build())) {
            profiler = Profiler.start(config());
            SamplingSession session = SamplingSession.current().orElseThrow();
            assertTrue(session.isSampling(), "request profiling keeps the session sampling");
            UpdateProfileRequest update = take(server.updates, 15).request();
            assertNotNull(update);
            take(server.creates, 10);
            session.flush(); // waits for the sampler thread's dispatch, after which a pause would have happened
            assertTrue(session.isSampling(), "still sampling after the window: request profiling needs every sample");
            profiler.close();
            profiler = null;
            assertTrue(session.isSampling(), "the agent's departure does not pause request profiling");
        }
        assertTrue(SamplingSession.current().isEmpty());
    }

    private static long files(SamplingSession session) throws Exception {
        try (Stream<Path> s = Files.list(session.chunkDirectory())) {
            return s.count();
        }
    }

    private static <T> T take(java.util.concurrent.BlockingQueue<T> q, int seconds) throws InterruptedException {
        T t = q.poll(seconds, TimeUnit.SECONDS);
        assertNotNull(t, "nothing arrived within " + seconds + " s");
        return t;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 10 s: " + what);
            Thread.sleep(10);
        }
    }

    private static boolean has(Sample s, String method) {
        for (Frame f : s.stack().frames()) if (f.methodName().equals(method)) return true;
        return false;
    }
}
