package io.reqprof.agent;

import com.google.devtools.cloudprofiler.v2.CreateOfflineProfileRequest;
import com.google.devtools.cloudprofiler.v2.CreateProfileRequest;
import com.google.devtools.cloudprofiler.v2.ProfileType;
import com.google.devtools.cloudprofiler.v2.UpdateProfileRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.pprof.PprofDecoder;
import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Cloud Profiler agent loop over real gRPC against a server built on the generated service base. */
@Tag("quarkus-pins")
class CloudAgentLoopTest {
    private static final Duration CHUNK = Duration.ofMillis(250);
    private FakeCloudProfiler server;
    private Workload workload;
    private Profiler profiler;
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (warnings) {
                    warnings.add(r);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeCloudProfiler();
        workload = new Workload();
        Logger.getLogger("io.reqprof").addHandler(capture);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (profiler != null) profiler.close();
        workload.close();
        server.close();
        Logger.getLogger("io.reqprof").removeHandler(capture);
    }

    private ProfilerConfig.Builder config() {
        return ProfilerConfig.builder().service("checkout").serviceVersion("1.4.2").projectId("proj-1")
                .zone("europe-west1-b").instance("host-a").label("team", "payments").target(server.target())
                .bearerToken("t0k").verbose(1).retryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
                .engine(EngineConfig.builder().cpuInterval(Duration.ofMillis(5)).wallInterval(Duration.ofMillis(10))
                        .chunkPeriod(CHUNK).build());
    }

    private static <T> T take(BlockingQueue<T> q, int seconds) throws InterruptedException {
        T t = q.poll(seconds, TimeUnit.SECONDS);
        assertNotNull(t, "nothing arrived within " + seconds + " s");
        return t;
    }

    @Test
    void collectsTheTypeAndDurationTheServerAsksForAndUploadsThem() throws Exception {
        server.script.add(new FakeCloudProfiler.Give(ProfileType.CPU, Duration.ofSeconds(2)));
        server.script.add(new FakeCloudProfiler.Give(ProfileType.WALL, Duration.ofSeconds(2)));
        Thread idler = new Thread(CloudAgentLoopTest::idleThroughTheWindow, "idle");
        idler.setDaemon(true);
        idler.start();
        profiler = Profiler.start(config().build());

        FakeCloudProfiler.Received<CreateProfileRequest> create = take(server.creates, 10);
        CreateProfileRequest req = create.request();
        assertEquals("projects/proj-1", req.getParent());
        assertEquals("proj-1", req.getDeployment().getProjectId());
        assertEquals("checkout", req.getDeployment().getTarget());
        assertEquals(Map.of("language", "java", "version", "1.4.2", "zone", "europe-west1-b", "team", "payments"),
                req.getDeployment().getLabelsMap());
        assertEquals(List.of(ProfileType.CPU, ProfileType.WALL), req.getProfileTypeList());
        Metadata h = take(server.headers, 5);
        assertEquals("Bearer t0k", h.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)));

        for (ProfileType type : List.of(ProfileType.CPU, ProfileType.WALL)) {
            FakeCloudProfiler.Received<UpdateProfileRequest> update = take(server.updates, 15);
            long collected = update.nanoTime() - create.nanoTime();
            com.google.devtools.cloudprofiler.v2.Profile up = update.request().getProfile();
            assertEquals(type, up.getProfileType());
            assertEquals(Map.of("instance", "host-a"), up.getLabelsMap());
            assertEquals("checkout", up.getDeployment().getTarget());

            byte[] raw = new GZIPInputStream(new ByteArrayInputStream(up.getProfileBytes().toByteArray())).readAllBytes();
            Profile p = PprofDecoder.decode(raw);
            SampleType st = type == ProfileType.CPU ? SampleType.CPU : SampleType.WALL;
            assertEquals(Set.of(st), p.types());
            String strings = new String(raw, StandardCharsets.ISO_8859_1);
            assertTrue(strings.contains("sample") && strings.contains("count") && strings.contains("nanoseconds")
                    && strings.contains(type == ProfileType.CPU ? "cpu" : "wall"), "Cloud Profiler sample type names");
            assertEquals(2_000_000_000L, p.durationNanos());
            long hot = 0;
            long idle = 0;
            for (Sample s : p.samples()) {
                if (has(s, "hotMethodOfTheWorkload")) hot += s.value();
                if (has(s, "idleThroughTheWindow")) idle += s.value();
            }
            assertTrue(hot > 0, "the workload's hot method is in the " + type + " profile");
            if (type == ProfileType.WALL) {
                // the idle thread lives through the whole window: its wall time measures the window
                System.out.println("WALL window of 2 s: idle thread wall time " + idle / 1e6 + " ms");
                assertTrue(Math.abs(idle - 2e9) <= 0.10 * 2e9, "idle thread wall time " + idle / 1e6 + " ms for a 2 s window");
            } else {
                System.out.println("CPU window of 2 s: uploaded " + collected / 1e6 + " ms after the server's answer");
                assertTrue(collected >= 2_000_000_000L && collected <= 2_000_000_000L * 1.1 + CHUNK.toNanos() + 500_000_000L,
                        "uploaded " + collected / 1e6 + " ms after the answer");
            }
            create = take(server.creates, 10);
        }
        synchronized (warnings) {
            assertEquals(List.of(), warnings.stream().map(LogRecord::getMessage).toList());
        }
    }

    @Test
    void waitsTheRetryDelayTheServerSendsWithAborted() throws Exception {
        server.script.add(new FakeCloudProfiler.Fail(Status.ABORTED, Duration.ofMillis(1500)));
        server.script.add(new FakeCloudProfiler.Give(ProfileType.CPU, Duration.ofSeconds(1)));
        profiler = Profiler.start(config().build());
        long first = take(server.creates, 10).nanoTime();
        long second = take(server.creates, 10).nanoTime();
        long waited = second - first;
        System.out.println("RetryInfo 1500 ms: next CreateProfile after " + waited / 1e6 + " ms");
        // far above the 200 ms backoff: the server's delay was used
        assertTrue(waited >= 1_500_000_000L && waited < 2_500_000_000L, "waited " + waited / 1e6 + " ms");
        assertEquals(ProfileType.CPU, take(server.updates, 10).request().getProfile().getProfileType());
        synchronized (warnings) {
            assertEquals(0, warnings.size(), "ABORTED with a retry delay is the server's normal answer");
        }
    }

    @Test
    void unavailableBacksOffWithFullJitterAndOneWarningPerStep() throws Exception {
        int failures = 6;
        for (int i = 0; i < failures; i++) server.script.add(new FakeCloudProfiler.Fail(Status.UNAVAILABLE, null));
        server.script.add(new FakeCloudProfiler.Give(ProfileType.CPU, Duration.ofSeconds(1)));
        profiler = Profiler.start(config().build());
        List<Long> times = new ArrayList<>();
        for (int i = 0; i <= failures; i++) times.add(take(server.creates, 10).nanoTime());
        assertEquals(ProfileType.CPU, take(server.updates, 10).request().getProfile().getProfileType());

        List<Long> gaps = new ArrayList<>();
        double bound = 200e6;
        for (int i = 1; i < times.size(); i++) {
            long gap = times.get(i) - times.get(i - 1);
            gaps.add(gap / 1_000_000);
            // full jitter: uniformly below the step's bound (200 ms × 1.3^k, at most 1 s), plus call overhead
            assertTrue(gap <= bound + 150e6, "gap " + i + " = " + gap / 1e6 + " ms, bound " + bound / 1e6 + " ms");
            bound = Math.min(bound * 1.3, 1e9);
        }
        System.out.println("UNAVAILABLE backoff gaps (ms): " + gaps);
        long spread = gaps.stream().mapToLong(Long::longValue).max().getAsLong() - gaps.stream().mapToLong(Long::longValue).min().getAsLong();
        assertTrue(spread > 10, "delays are jittered, not fixed: " + gaps);
        synchronized (warnings) {
            assertEquals(failures, warnings.size(), "one warning per failed attempt: "
                    + warnings.stream().map(LogRecord::getMessage).toList());
            assertTrue(warnings.get(0).getMessage().contains("UNAVAILABLE") && warnings.get(0).getMessage().contains("retrying in"));
        }
    }

    @Test
    void aTargetThatAcceptsAndNeverAnswersIsReportedOnceWhileTheAgentWaits() throws Exception {
        // an HTTP/1 server, or TLS against grpc://: TCP accepted, no gRPC handshake, ever
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) held.add(silent.accept());
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            }, "silent-target");
            acceptor.setDaemon(true);
            acceptor.start();
            profiler = Profiler.start(config().target("grpc://127.0.0.1:" + silent.getLocalPort()).build());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            List<LogRecord> reports = List.of();
            while (reports.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                synchronized (warnings) {
                    reports = warnings.stream().filter(r -> r.getMessage().contains("no gRPC connection")).toList();
                }
            }
            assertEquals(1, reports.size(), "one report of the silent target: " + reports);
            assertEquals(Level.SEVERE, reports.get(0).getLevel(), "shown at the default verbosity");
            assertTrue(reports.get(0).getMessage().contains("check reqprof.target"), reports.get(0).getMessage());
            assertTrue(!held.isEmpty(), "the agent did connect");
            profiler.close();
            profiler = null;
            for (java.net.Socket s : held) s.close();
        }
    }

    @Test
    void offlineModeSendsCreateOfflineProfileOnItsOwnSchedule() throws Exception {
        profiler = Profiler.start(config().offline(true).uploadPeriod(Duration.ofSeconds(1))
                .profileDuration(Duration.ofSeconds(1)).wallProfiling(false).build());
        CreateOfflineProfileRequest r = take(server.offline, 10).request();
        assertEquals("projects/proj-1", r.getParent());
        assertEquals(ProfileType.CPU, r.getProfile().getProfileType());
        assertEquals("checkout", r.getProfile().getDeployment().getTarget());
        assertEquals(Map.of("instance", "host-a"), r.getProfile().getLabelsMap());
        assertEquals(1, r.getProfile().getDuration().getSeconds());
        Profile p = PprofDecoder.decode(r.getProfile().getProfileBytes().toByteArray());
        assertEquals(Set.of(SampleType.CPU), p.types());
        assertEquals(0, server.creates.size(), "offline mode never long-polls");
    }

    @Test
    void startingTwiceReturnsTheRunningProfilerOrRefusesOtherSettings() {
        ProfilerConfig c = config().build();
        profiler = Profiler.start(c);
        assertSame(profiler, Profiler.start(config().build()));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Profiler.start(config().serviceVersion("2.0.0").build()));
        assertTrue(e.getMessage().contains("already running with different settings"), e.getMessage());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("reqprof-")).allMatch(Thread::isDaemon), "reqprof threads are daemons");
        profiler.close();
        profiler = null;
        assertEquals(null, Profiler.current());
    }

    static void idleThroughTheWindow() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            // done
        }
    }

    private static boolean has(Sample s, String method) {
        for (Frame f : s.stack().frames()) if (f.methodName().equals(method)) return true;
        return false;
    }
}
