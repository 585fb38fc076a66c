package io.reqprof.core.engine;

import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sleeping thread's wall time comes out as one sample per wall period, each at its own time,
 * across chunk boundaries. This is what unbatched sampling gives and what attribution relies on;
 * async-profiler's batched mode (idle periods counted into one event) would break it unless the
 * reader placed every period in time (ARCHITECTURE.md, "nobatch wall sampling").
 */
class IdleWallSamplingTest {
    private static final Duration WALL = Duration.ofMillis(20);
    private static final long SLEEP_MS = 1_200;

    @Test
    void everyIdlePeriodOfASleepingThreadIsASampleOfItsOwn(@TempDir Path tmp) throws Exception {
        List<SampleChunk> chunks = new CopyOnWriteArrayList<>();
        EngineConfig config = EngineConfig.builder().engine(EngineKind.ASYNC)
                .wallInterval(WALL).chunkPeriod(Duration.ofMillis(250)).tempDir(tmp).build();
        long sleeperId;
        try (SamplingSession session = SamplingSession.start(config)) {
            session.addListener(chunks::add);
            Thread sleeper = new Thread(IdleWallSamplingTest::sleepQuietly, "idle-wall-sleeper");
            sleeper.start();
            sleeper.join();
            sleeperId = sleeper.getId();
            // the rotation after the sleeper ended holds the last of its samples
            long ended = session.now();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && (chunks.isEmpty() || chunks.get(chunks.size() - 1).endTime() < ended)) {
                Thread.sleep(20);
            }
        }
        List<Long> times = new ArrayList<>();
        long weightNanos = 0;
        for (SampleChunk c : chunks) {
            for (int i = 0; i < c.size(); i++) {
                if (c.type(i) != SampleType.WALL || c.threadId(i) != sleeperId) continue;
                assertEquals(1, c.count(i), "one sample per period");
                times.add(c.time(i));
                weightNanos += c.value(i);
            }
        }
        long expectedSamples = SLEEP_MS / WALL.toMillis();
        // a loaded machine delays the wall timer, so the count is bounded loosely; batching would give
        // counts above 1, which the loop above rejects
        assertTrue(times.size() >= expectedSamples * 0.5 && times.size() <= expectedSamples * 1.25,
                "about one wall sample per " + WALL.toMillis() + " ms of a " + SLEEP_MS + " ms sleep: " + times.size());
        double weightMs = weightNanos / 1e6;
        assertTrue(weightMs >= SLEEP_MS * 0.5 && weightMs <= SLEEP_MS * 1.5,
                "wall weight of the sleep within 50%: " + weightMs + " ms");
        assertEquals(times.size(), times.stream().distinct().count(), "every period has its own time");
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(SLEEP_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
