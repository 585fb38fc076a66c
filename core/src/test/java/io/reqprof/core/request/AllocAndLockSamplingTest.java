package io.reqprof.core.request;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.EngineKind;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Optional allocation and lock sampling reach request profiles, with their periods. */
class AllocAndLockSamplingTest {
    private static final Object MONITOR = new Object();
    static volatile Object sink;

    @Test
    void allocationAndLockSamplesAreAttributedToTheirRequests() throws Exception {
        Map<String, RequestProfile> profiles = new ConcurrentHashMap<>();
        EngineConfig config = EngineConfig.builder().engine(EngineKind.ASYNC)
                .allocInterval(256 * 1024).lockThreshold(Duration.ofMillis(1)).build();
        try (SamplingSession session = SamplingSession.start(config)) {
            RequestTracker tracker = RequestTracker.attach(session, p -> profiles.put(p.facts().path(), p));

            ActiveRequest alloc = tracker.begin("GET", "/alloc", null);
            long b = alloc.enter();
            allocateLots();
            alloc.exit(b);
            alloc.end(200);

            CountDownLatch held = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                synchronized (MONITOR) {
                    held.countDown();
                    ShapeWork.cpuShapeBurn(100);
                }
            });
            holder.start();
            held.await();
            ActiveRequest lock = tracker.begin("GET", "/lock", null);
            long l = lock.enter();
            waitForMonitor();
            lock.exit(l);
            lock.end(200);
            holder.join();

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (profiles.size() < 2 && System.nanoTime() < deadline) session.flush();
        }
        RequestProfile a = profiles.get("/alloc");
        assertTrue(a.profile().totalCount(SampleType.ALLOC) > 0, "allocation samples: " + a.profile());
        assertTrue(AttributionScenario.countIn(a, SampleType.ALLOC, getClass().getName() + ".allocateLots") > 0);
        assertEquals(256 * 1024L, a.profile().periods().get(SampleType.ALLOC));

        RequestProfile k = profiles.get("/lock");
        assertTrue(k.profile().totalCount(SampleType.LOCK) > 0, "lock samples: " + k.profile());
        assertTrue(AttributionScenario.countIn(k, SampleType.LOCK, getClass().getName() + ".waitForMonitor") > 0);
        assertTrue(k.profile().totalValue(SampleType.LOCK) >= Duration.ofMillis(20).toNanos(),
                "lock wait recorded in nanoseconds: " + k.profile().totalValue(SampleType.LOCK));
    }

    private static void allocateLots() {
        for (int i = 0; i < 20_000; i++) sink = new byte[1024];
    }

    private static void waitForMonitor() {
        synchronized (MONITOR) {
            sink = MONITOR;
        }
    }
}
