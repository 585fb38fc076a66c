package io.reqprof.core.continuous;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.request.ActiveRequest;
import io.reqprof.core.request.RequestTracker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.reqprof.core.continuous.ProfileProbes.daemon;
import static io.reqprof.core.continuous.ProfileProbes.has;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Windows cut from a real sampling session: time range, duration, types, route labels. */
class WindowAggregatorTest {
    private static SamplingSession.Lease lease;
    private static SamplingSession session;
    private static volatile long sink;

    @BeforeAll
    static void start() {
        lease = SamplingSession.acquire(EngineConfig.builder().cpuInterval(Duration.ofMillis(5))
                .wallInterval(Duration.ofMillis(10)).chunkPeriod(Duration.ofMillis(250)).build());
        session = lease.session();
    }

    @AfterAll
    static void stop() {
        lease.close();
    }

    @Test
    void wallWindowHoldsTheRequestedDurationOfASleepingThread() throws Exception {
        Thread sleeper = daemon("sleeper", WindowAggregatorTest::sleepInWindowTest);
        sleeper.start();
        try (WindowAggregator windows = WindowAggregator.attach(session)) {
            long t0 = System.nanoTime();
            Profile p = windows.collect(ProfileType.WALL, Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS);
            long waited = System.nanoTime() - t0;

            assertEquals(2_000_000_000L, p.durationNanos());
            assertEquals(java.util.Set.of(SampleType.WALL), p.types());
            long sleepWall = 0;
            for (Sample s : p.samples()) if (has(s, "sleepInWindowTest")) sleepWall += s.value();
            // the sleeping thread exists for the whole window: its wall time is the window's length
            System.out.println("wall of the sleeping thread in a 2 s window: " + sleepWall / 1e6 + " ms");
            assertTrue(Math.abs(sleepWall - 2e9) <= 0.10 * 2e9, "wall of the sleeping thread " + sleepWall / 1e6 + " ms");
            assertTrue(waited >= 2_000_000_000L && waited < 4_000_000_000L, "profile arrived after " + waited / 1e6 + " ms");
            assertEquals(0, windows.openWindows());
        } finally {
            sleeper.interrupt();
        }
    }

    @Test
    void samplesInsideARequestCarryItsRouteWhateverTheListenerOrder() throws Exception {
        // The aggregator is attached before the tracker: attribution must still happen first.
        try (WindowAggregator windows = WindowAggregator.attach(session)) {
            RequestTracker tracker = RequestTracker.attach(session, null);
            AtomicBoolean stop = new AtomicBoolean();
            Thread routed = daemon("routed", () -> {
                while (!stop.get()) {
                    ActiveRequest r = tracker.begin("GET", "/burn/7", "/burn/{id}");
                    long b = r.enter();
                    try {
                        burnInRequest(20);
                    } finally {
                        r.exit(b);
                        r.end(200);
                    }
                }
            });
            Thread unrouted = daemon("unrouted", () -> {
                while (!stop.get()) burnOutsideRequests(20);
            });
            routed.start();
            unrouted.start();
            CompletableFuture<Profile> f = windows.collect(ProfileType.CPU, Duration.ofSeconds(2));
            Profile p = f.get(10, TimeUnit.SECONDS);
            stop.set(true);
            routed.join(5000);
            unrouted.join(5000);

            long inRequest = 0;
            long outside = 0;
            for (Sample s : p.samples()) {
                if (has(s, "burnInRequest")) {
                    assertEquals(Map.of(WindowAggregator.ROUTE_LABEL, "/burn/{id}"), s.labels(), s.stack().toString());
                    inRequest += s.count();
                } else if (has(s, "burnOutsideRequests")) {
                    assertEquals(Map.of(), s.labels(), s.stack().toString());
                    outside += s.count();
                }
            }
            assertTrue(inRequest >= 5 && outside >= 5, "samples in request " + inRequest + ", outside " + outside);
        }
    }

    @Test
    void endingWindowsEarlyDeliversPartialProfilesWithTheirRealDuration() throws Exception {
        try (WindowAggregator windows = WindowAggregator.attach(session)) {
            CompletableFuture<Profile> f = windows.collect(ProfileType.CPU, Duration.ofMinutes(5));
            Thread.sleep(300);
            windows.endOpenWindowsNow();
            Profile p = f.get(5, TimeUnit.SECONDS);
            assertTrue(p.durationNanos() >= 300_000_000L && p.durationNanos() < 5_000_000_000L, "duration " + p.durationNanos());
        }
    }

    @Test
    void closingCancelsOpenWindowsAndRejectsTypesTheSessionDoesNotSample() {
        WindowAggregator windows = WindowAggregator.attach(session);
        CompletableFuture<Profile> f = windows.collect(ProfileType.CPU, Duration.ofMinutes(5));
        windows.close();
        assertThrows(CancellationException.class, () -> f.get(1, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, () -> windows.collect(ProfileType.CPU, Duration.ofSeconds(1)));

        try (WindowAggregator w2 = WindowAggregator.attach(session)) {
            assertThrows(IllegalArgumentException.class, () -> w2.collect(ProfileType.HEAP, Duration.ofSeconds(1)));
            // this session samples no allocations and no locks
            assertThrows(IllegalArgumentException.class, () -> w2.collect(ProfileType.HEAP_ALLOC, Duration.ofSeconds(1)));
            assertThrows(IllegalArgumentException.class, () -> w2.collect(ProfileType.CONTENTION, Duration.ofSeconds(1)));
            assertThrows(IllegalArgumentException.class, () -> w2.collect(ProfileType.CPU, Duration.ZERO));
        }
    }

    static void sleepInWindowTest() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            // test over
        }
    }

    static void burnInRequest(long millis) {
        burn(millis);
    }

    static void burnOutsideRequests(long millis) {
        burn(millis);
    }

    private static void burn(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 1;
        while (System.nanoTime() < end) x = x * 31 + (x >>> 7);
        sink += x;
    }
}
