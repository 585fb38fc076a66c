package io.reqprof.core.continuous;

import io.reqprof.core.engine.ChunkListener;
import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.EngineKind;
import io.reqprof.core.engine.SampleChunk;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.engine.SamplingSession.Demand;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static io.reqprof.core.continuous.ProfileProbes.daemon;
import static io.reqprof.core.continuous.ProfileProbes.has;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session held only by on-demand leases samples while a window is open and is paused otherwise
 * (real async-profiler): no recording, no chunk file, no rotation work.
 */
class OnDemandSamplingTest {
    private static volatile long sink;

    private static EngineConfig config(Path tmp) {
        return EngineConfig.builder().engine(EngineKind.ASYNC).cpuInterval(Duration.ofMillis(5))
                .wallInterval(Duration.ofMillis(10)).chunkPeriod(Duration.ofMillis(250)).tempDir(tmp).build();
    }

    @Test
    void anOnDemandLeaseAloneLeavesTheEnginePausedWithNoFilesAndNoRotations(@TempDir Path tmp) throws Exception {
        try (SamplingSession.Lease lease = SamplingSession.acquire(config(tmp), Demand.ON_DEMAND)) {
            SamplingSession session = lease.session();
            AtomicInteger chunks = new AtomicInteger();
            session.addListener(c -> chunks.incrementAndGet());
            assertFalse(session.isSampling(), "paused before acquire returns");
            assertEquals(0, files(session), "no recording file while paused");
            Thread sampler = samplerThread();
            awaitTrue(() -> sampler.getState() == Thread.State.WAITING, "the sampler thread waits while paused");
            // ten chunk periods: a sampling session would have rotated about ten times
            Thread.sleep(2500);
            assertEquals(0, chunks.get(), "no rotation while paused");
            assertFalse(session.isSampling());
        }
    }

    @Test
    void aCpuWindowResumesSamplingHoldsTheLoopAndPausesAgainAfterItCompletes(@TempDir Path tmp) throws Exception {
        try (SamplingSession.Lease lease = SamplingSession.acquire(config(tmp), Demand.ON_DEMAND);
             WindowAggregator windows = WindowAggregator.attach(lease.session())) {
            SamplingSession session = lease.session();
            assertFalse(session.isSampling());
            AtomicBoolean stop = new AtomicBoolean();
            Thread burner = daemon("burner", () -> {
                while (!stop.get()) burnInOnDemandWindow(10);
            });
            burner.start();
            try {
                var f = windows.collect(ProfileType.CPU, Duration.ofSeconds(1));
                assertTrue(session.isSampling(), "sampling when collect returns");
                assertEquals(1, files(session), "the recording file of the resumed engine");
                Profile p = f.get(10, TimeUnit.SECONDS);
                assertEquals(1_000_000_000L, p.durationNanos());
                assertEquals(java.util.Set.of(SampleType.CPU), p.types());
                long burnt = 0;
                for (Sample s : p.samples()) if (has(s, "burnInOnDemandWindow")) burnt += s.value();
                System.out.println("CPU of the busy loop in a 1 s on-demand window: " + burnt / 1e6 + " ms");
                // one busy thread on a loaded 2-core machine: at least a third of the window
                assertTrue(burnt >= 330_000_000L && burnt <= 1_200_000_000L, "CPU of the loop " + burnt / 1e6 + " ms");
            } finally {
                stop.set(true);
                burner.join(5000);
            }
            awaitTrue(() -> !session.isSampling(), "paused again once the window completed");
            assertEquals(0, files(session), "the recording file is gone when paused");
            assertEquals(0, windows.openWindows());
        }
    }

    @Test
    void aWallWindowAfterAPauseHoldsTheRequestedDurationOfASleepingThread(@TempDir Path tmp) throws Exception {
        Thread sleeper = daemon("sleeper", OnDemandSamplingTest::sleepInOnDemandWindow);
        sleeper.start();
        try (SamplingSession.Lease lease = SamplingSession.acquire(config(tmp), Demand.ON_DEMAND);
             WindowAggregator windows = WindowAggregator.attach(lease.session())) {
            // a first window and a pause, so the second window's first wall samples come after one
            windows.collect(ProfileType.CPU, Duration.ofMillis(300)).get(10, TimeUnit.SECONDS);
            awaitTrue(() -> !lease.session().isSampling(), "paused between windows");
            Thread.sleep(500);
            Profile p = windows.collect(ProfileType.WALL, Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS);
            long wall = 0;
            for (Sample s : p.samples()) if (has(s, "sleepInOnDemandWindow")) wall += s.value();
            System.out.println("wall of the sleeping thread in a 2 s on-demand window: " + wall / 1e6 + " ms");
            // a pause must neither be charged to the first samples nor leave the window's start unsampled
            assertTrue(Math.abs(wall - 2e9) <= 0.10 * 2e9, "wall of the sleeping thread " + wall / 1e6 + " ms");
        } finally {
            sleeper.interrupt();
        }
    }

    @Test
    void resumingIsSynchronousAndTheClockRunsOnWhilePaused(@TempDir Path tmp) throws Exception {
        EngineConfig config = EngineConfig.builder().engine(EngineKind.ASYNC).cpuInterval(Duration.ofMillis(5))
                .chunkPeriod(Duration.ofSeconds(3)).tempDir(tmp).build();
        try (SamplingSession.Lease lease = SamplingSession.acquire(config, Demand.ON_DEMAND)) {
            SamplingSession session = lease.session();
            List<SampleChunk> chunks = new CopyOnWriteArrayList<>();
            session.addListener(chunks::add);
            long pausedTicks = session.now();
            long pausedNanos = System.nanoTime();
            Thread.sleep(200);
            long t0;
            long t0Nanos;
            try (SamplingSession.Need need = session.need()) {
                t0 = session.now();
                t0Nanos = System.nanoTime();
                assertTrue(session.isSampling());
                burnInOnDemandWindow(300);
            }
            assertFalse(session.isSampling(), "closing the last need outside a dispatch pauses at once");
            double clockSeconds = (t0 - pausedTicks) / (double) session.ticksPerSecond();
            double nanoSeconds = (t0Nanos - pausedNanos) / 1e9;
            // a clock switched while paused (TSC vs nanoTime) would be off by far more than a preemption
            assertTrue(Math.abs(clockSeconds - nanoSeconds) < 0.02,
                    "the sample clock kept running while paused: " + clockSeconds + " s vs " + nanoSeconds + " s");
            long first = Long.MAX_VALUE;
            long tid = Thread.currentThread().getId();
            for (SampleChunk c : chunks) {
                for (int i = 0; i < c.size(); i++) {
                    if (c.type(i) == SampleType.CPU && c.threadId(i) == tid && c.time(i) >= t0) first = Math.min(first, c.time(i));
                }
            }
            assertTrue(first != Long.MAX_VALUE, "the pause delivered the samples taken under the need");
            double delayMs = (first - t0) * 1e3 / session.ticksPerSecond();
            System.out.println("first CPU sample " + delayMs + " ms after need() returned");
            // an asynchronous resume would wait for the sampler's next tick (up to the 3 s chunk period)
            assertTrue(delayMs < 300, "first CPU sample " + delayMs + " ms after need() returned");
            for (int i = 1; i < chunks.size(); i++) {
                assertTrue(chunks.get(i).startTime() >= chunks.get(i - 1).endTime(), "chunks follow each other in time");
            }
        }
    }

    @Test
    void aContinuousHolderKeepsTheSessionSamplingAndItsDepartureLetsItPause(@TempDir Path tmp) throws Exception {
        SamplingSession.Lease onDemand = SamplingSession.acquire(config(tmp), Demand.ON_DEMAND);
        try (WindowAggregator windows = WindowAggregator.attach(onDemand.session())) {
            SamplingSession session = onDemand.session();
            assertFalse(session.isSampling());
            SamplingSession.Lease continuous = SamplingSession.acquire(config(tmp));
            assertSame(session, continuous.session());
            assertTrue(session.isSampling(), "a continuous lease (request profiling) resumes at once");
            windows.collect(ProfileType.CPU, Duration.ofMillis(300)).get(10, TimeUnit.SECONDS);
            AtomicInteger after = new AtomicInteger();
            session.addListener(c -> after.incrementAndGet());
            awaitTrue(() -> after.get() >= 3, "chunks keep coming after the window completed");
            assertTrue(session.isSampling(), "never paused while the continuous lease is open");
            continuous.close();
            assertFalse(session.isSampling(), "paused once only the on-demand lease is left");
            assertFalse(session.isClosed());
        } finally {
            onDemand.close();
        }
        assertTrue(SamplingSession.current().isEmpty());
    }

    @Test
    void aSessionsOwnerKeepsItSampling(@TempDir Path tmp) throws Exception {
        try (SamplingSession owned = SamplingSession.start(config(tmp));
             SamplingSession.Lease onDemand = SamplingSession.acquire(config(tmp), Demand.ON_DEMAND);
             WindowAggregator windows = WindowAggregator.attach(owned)) {
            assertTrue(owned.isSampling());
            windows.collect(ProfileType.CPU, Duration.ofMillis(300)).get(10, TimeUnit.SECONDS);
            // the sampler thread releases the window's need after the dispatch that completed it
            owned.flush();
            assertTrue(owned.isSampling(), "a started session samples until its owner closes it");
            assertSame(owned, onDemand.session());
        }
    }

    @Test
    void closingWhilePausedIsClean(@TempDir Path tmp) throws Exception {
        SamplingSession.Lease lease = SamplingSession.acquire(config(tmp), Demand.ON_DEMAND);
        SamplingSession session = lease.session();
        AtomicInteger closes = new AtomicInteger();
        session.addListener(new ChunkListener() {
            @Override
            public void onChunk(SampleChunk chunk) {
            }

            @Override
            public void onClose() {
                closes.incrementAndGet();
            }
        });
        WindowAggregator windows = WindowAggregator.attach(session);
        Thread sampler = samplerThread();
        Path dir = session.chunkDirectory();
        assertFalse(session.isSampling());
        lease.close();
        assertTrue(session.isClosed());
        assertEquals(1, closes.get(), "listeners hear the close once");
        sampler.join(5000);
        assertFalse(sampler.isAlive(), "the waiting sampler thread ended");
        assertFalse(Files.exists(dir), "chunk directory deleted");
        assertTrue(SamplingSession.current().isEmpty());
        assertThrows(IllegalStateException.class, () -> windows.collect(ProfileType.CPU, Duration.ofSeconds(1)));
        // a need on a closed session is inert, and closing it twice harmless
        SamplingSession.Need need = session.need();
        need.close();
        need.close();
        assertFalse(session.isSampling());
    }

    private static long files(SamplingSession session) throws IOException {
        try (Stream<Path> s = Files.list(session.chunkDirectory())) {
            return s.count();
        }
    }

    private static Thread samplerThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().equals("reqprof-sampler")) return t;
        throw new AssertionError("no reqprof-sampler thread");
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 10 s: " + what);
            Thread.sleep(10);
        }
    }

    static void sleepInOnDemandWindow() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            // test over
        }
    }

    /**
     * Arithmetic, reading the clock only now and then: JFR cannot walk a stack stopped inside the
     * clock read, so a loop that mostly reads the clock is nearly invisible to it.
     */
    static void burnInOnDemandWindow(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 1;
        do {
            for (int i = 0; i < 100_000; i++) x = x * 31 + (x >>> 7);
        } while (System.nanoTime() < end);
        sink += x;
    }
}
