package io.reqprof.core.web;

import io.reqprof.core.config.Settings;
import io.reqprof.core.dump.DumpConfig;
import io.reqprof.core.dump.DumpSelection;
import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.EngineKind;
import io.reqprof.core.pprof.PprofDecoder;
import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebProfilerTest {
    private static final String SECRET = "0123456789abcdef-secret";

    private static WebProfilerConfig.Builder config(Path dir, DumpSelection selection) {
        return WebProfilerConfig.builder()
                .engine(EngineConfig.builder().engine(EngineKind.ASYNC).cpuInterval(Duration.ofMillis(5))
                        .chunkPeriod(Duration.ofMillis(200)).build())
                .dumps(DumpConfig.builder().profileDir(dir).selection(selection).build());
    }

    /** Burns {@code millis} of this thread's CPU time (not wall time, so a loaded machine still gets ~30 samples at 5 ms). */
    static double burnForWebTest(long millis) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + millis * 1_000_000;
        long giveUp = System.nanoTime() + 10_000_000_000L;
        double x = 0;
        while (threads.getCurrentThreadCpuTime() < end && System.nanoTime() < giveUp) {
            for (int i = 0; i < 10_000; i++) x += Math.sqrt(i + x);
        }
        return x;
    }

    private static long samplesIn(Profile p, String method) {
        long n = 0;
        for (Sample s : p.samples(SampleType.CPU)) {
            for (Frame f : s.stack().frames()) {
                if (f.methodName().equals(method)) {
                    n += s.count();
                    break;
                }
            }
        }
        return n;
    }

    private static List<Path> dumps(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".pb.gz")).sorted().toList();
        }
    }

    @Test
    void aProfiledRequestIsDumpedWithItsOwnWork(@TempDir Path tmp) throws Exception {
        try (WebProfiler profiler = WebProfiler.start(config(tmp, DumpSelection.all()).serverTiming(true).build())) {
            ProfiledRequest r = profiler.begin("GET", "/api/burn", h -> null);
            assertTrue(r.profiled());
            assertEquals("reqprof;desc=\"" + r.id() + "\"", r.serverTimingValue());
            long b = r.enter();
            try {
                assertTrue(burnForWebTest(150) > 0);
            } finally {
                r.exit(b);
            }
            r.route("/api/{name}");
            r.end(200);
            r.end(500);
            profiler.flush();
            List<Path> files = dumps(tmp);
            assertEquals(1, files.size(), files.toString());
            String name = files.get(0).getFileName().toString();
            assertTrue(name.startsWith("GET.api.burn.") && name.endsWith("." + r.id() + ".pb.gz"), name);
            Profile p = PprofDecoder.decode(Files.readAllBytes(files.get(0)));
            assertTrue(samplesIn(p, "burnForWebTest") >= 10, "about 30 CPU samples of the burn expected, got "
                    + samplesIn(p, "burnForWebTest"));
            String index = Files.readString(tmp.resolve("index.jsonl"));
            assertTrue(index.contains("\"route\":\"/api/{name}\",\"status\":200,"), "the first end() counts: " + index);
            assertEquals(0, profiler.inFlight());
        }
    }

    @Test
    void theTriggerHeaderForcesADumpOnlyWithTheRightSecret(@TempDir Path tmp) throws Exception {
        DumpSelection onlyPosts = DumpSelection.builder().methods(List.of("POST")).build();
        try (WebProfiler profiler = WebProfiler.start(config(tmp, onlyPosts).triggerSecret(SECRET).build())) {
            ProfiledRequest plain = profiler.begin("GET", "/x", h -> null);
            ProfiledRequest wrong = profiler.begin("GET", "/x", h -> h.equals("X-Reqprof-Trigger") ? "0123456789abcdef-secreT" : null);
            ProfiledRequest right = profiler.begin("GET", "/x", h -> h.equals("X-Reqprof-Trigger") ? SECRET : null);
            assertFalse(plain.profiled(), "GET is not selected");
            assertFalse(wrong.profiled(), "a wrong secret changes nothing");
            assertTrue(right.profiled() && right.triggered());
            for (ProfiledRequest r : List.of(plain, wrong, right)) r.end(200);
            profiler.flush();
            assertEquals(1, dumps(tmp).size());
            assertTrue(Files.readString(tmp.resolve("index.jsonl")).contains("\"triggered\":true"));
        }
    }

    @Test
    void withoutASecretTheTriggerHeaderIsIgnored(@TempDir Path tmp) {
        DumpSelection onlyPosts = DumpSelection.builder().methods(List.of("POST")).build();
        try (WebProfiler profiler = WebProfiler.start(config(tmp, onlyPosts).build())) {
            assertFalse(profiler.begin("GET", "/x", h -> "anything").profiled());
        }
    }

    @Test
    void switchedOffItPassesEverythingThrough(@TempDir Path tmp) throws Exception {
        try (WebProfiler profiler = WebProfiler.start(Settings.of("test", Map.of("reqprof.enabled", "false",
                "reqprof.min-elapsed", "not read when off", "reqprof.profile-dir", tmp.toString())))) {
            assertFalse(profiler.enabled());
            ProfiledRequest r = profiler.begin("GET", "/", h -> null);
            assertFalse(r.profiled());
            assertNull(r.serverTimingValue());
            r.enter();
            r.end(200);
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(0, s.count(), "nothing written");
        }
    }

    @Test
    void badSettingsFailAtStartNamingTheSetting(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertEquals("reqprof.min-elapsed: must be a duration such as 250ms, 2s, 5m or PT1S, was '-5ms' (from filter init parameter reqprof.min-elapsed)",
                startFails(Map.of("min-elapsed", "-5ms")));
        assertEquals("reqprof.formats: unknown format 'svg'; known: pprof, collapsed, html",
                startFails(Map.of("formats", "pprof,svg")));
        assertEquals("reqprof.trigger-secret: must be at least 16 characters so it cannot be guessed, was 6 characters",
                startFails(Map.of("trigger-secret", "123456")));
        assertTrue(startFails(Map.of("profile-dir", file.resolve("sub").toString()))
                .startsWith("reqprof.profile-dir: must be a directory reqprof can create and write"));
        assertTrue(startFails(Map.of("profile-dir", tmp.toString(), "restrictions", "10,(")).startsWith("reqprof.restrictions: matching(\"(\"): not a valid regular expression"));
    }

    private static String startFails(Map<String, String> params) {
        return assertThrows(IllegalArgumentException.class,
                () -> WebProfiler.start(Settings.of("filter init parameter", params)).close()).getMessage();
    }
}
