package io.reqprof.core.request;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.EngineKind;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.pprof.GoPprof;
import io.reqprof.core.pprof.PprofEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real request profile from async-profiler, written as pprof, read by go tool pprof. */
class RealProfileInGoPprofTest {

    @Test
    void goToolPprofListsTheRequestsBurnMethod(@TempDir Path tmp) throws Exception {
        GoPprof.assumeGo();
        AtomicReference<RequestProfile> got = new AtomicReference<>();
        try (SamplingSession session = SamplingSession.start(EngineConfig.builder().engine(EngineKind.ASYNC).build())) {
            RequestTracker tracker = RequestTracker.attach(session, got::set);
            ActiveRequest r = tracker.begin("POST", "/burn", "/burn");
            long b = r.enter();
            ShapeWork.cpuShapeBurn(300);
            r.exit(b);
            r.end(200);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (got.get() == null && System.nanoTime() < deadline) session.flush();
        }
        RequestProfile p = got.get();
        assertNotNull(p, "profile delivered");
        Path file = Files.write(tmp.resolve("burn.pb.gz"), PprofEncoder.encodeGzip(p.profile()));

        GoPprof.Result top = GoPprof.run(tmp, "-top", "-sample_index=cpu", file.toString());
        assertEquals(0, top.exit(), top.toString());
        assertTrue(top.stdout().contains(ShapeWork.CPU_METHOD), top.toString());
        assertTrue(top.stdout().contains("Type: cpu"), top.toString());

        GoPprof.Result lines = GoPprof.run(tmp, "-top", "-lines", file.toString());
        // JFR records carry line numbers but no source file names (docs/ENGINES.md)
        assertTrue(java.util.regex.Pattern.compile("ShapeWork\\.burnUntil :\\d+").matcher(lines.stdout()).find(),
                "line numbers reach pprof:\n" + lines);
    }
}
