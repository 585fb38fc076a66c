package io.reqprof.core.request;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.EngineKind;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event-loop case: two requests served by one thread in alternating callbacks, each callback
 * its own bracket. Samples must go to the request whose callback was running, not to whichever
 * request the thread served first or last.
 */
class InterleavedBracketsTest {
    private static final int CALLBACKS = 20;
    private static final long CALLBACK_CPU_MS = 20;

    @Test
    void eachCallbacksSamplesGoToItsOwnRequest() throws Exception {
        Map<String, RequestProfile> profiles = new ConcurrentHashMap<>();
        String alpha;
        String beta;
        try (SamplingSession session = SamplingSession.start(EngineConfig.builder().engine(EngineKind.ASYNC).build())) {
            RequestTracker tracker = RequestTracker.attach(session, p -> profiles.put(p.facts().path(), p));
            ActiveRequest a = tracker.begin("GET", "/alpha", "/alpha");
            ActiveRequest b = tracker.begin("GET", "/beta", "/beta");
            for (int i = 0; i < CALLBACKS; i++) {
                long ba = a.enter();
                ShapeWork.cpuShapeBurn(CALLBACK_CPU_MS);
                a.exit(ba);
                long bb = b.enter();
                ShapeWork.mixShapeBurn(CALLBACK_CPU_MS);
                b.exit(bb);
            }
            a.end(200);
            b.end(200);
            alpha = a.id();
            beta = b.id();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (profiles.size() < 2 && System.nanoTime() < deadline) session.flush();
            assertEquals(0, tracker.inFlight(), "both requests delivered, nothing left in flight");
        }
        RequestProfile pa = profiles.get("/alpha");
        RequestProfile pb = profiles.get("/beta");
        assertEquals(alpha, pa.facts().id());
        assertEquals(beta, pb.facts().id());
        assertOwn(pa, ShapeWork.CPU_METHOD, ShapeWork.MIX_METHOD);
        assertOwn(pb, ShapeWork.MIX_METHOD, ShapeWork.CPU_METHOD);
    }

    private static void assertOwn(RequestProfile p, String own, String other) {
        long total = p.profile().totalCount(SampleType.CPU);
        long ownCount = AttributionScenario.countIn(p, SampleType.CPU, own);
        long otherCount = AttributionScenario.countIn(p, SampleType.CPU, other);
        // 20 callbacks x 20 ms CPU at a 10 ms CPU-time interval: about 40 samples each, whatever the load
        assertTrue(ownCount >= 20, p.facts().path() + ": " + ownCount + "/" + total + " CPU samples in " + own);
        assertEquals(0, otherCount, p.facts().path() + ": samples of the other request's callbacks");
    }
}
