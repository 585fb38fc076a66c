package io.reqprof.core.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lifecycle of the one session per JVM, with the real async-profiler. */
class SamplingSessionTest {

    @Test
    void unwritableTempDirFailsAtStartNamingTheSetting(@TempDir Path tmp) throws IOException {
        // A path under a regular file cannot be a directory, even for root.
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        EngineConfig config = EngineConfig.builder().tempDir(file.resolve("sub")).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SamplingSession.start(config));
        assertTrue(e.getMessage().startsWith("reqprof.temp-dir: cannot create a private chunk directory in '" + file.resolve("sub") + "'"),
                e.getMessage());
        assertTrue(SamplingSession.current().isEmpty(), "no session left running");
    }

    @Test
    void chunksAreReadWhileRunningAndTheirFilesDeleted(@TempDir Path tmp) throws Exception {
        List<SampleChunk> chunks = new CopyOnWriteArrayList<>();
        EngineConfig config = EngineConfig.builder().engine(EngineKind.ASYNC)
                .chunkPeriod(Duration.ofMillis(200)).tempDir(tmp).build();
        Path dir;
        try (SamplingSession session = SamplingSession.start(config)) {
            session.addListener(chunks::add);
            dir = session.chunkDirectory();
            assertTrue(dir.startsWith(tmp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            double x = 0;
            while (chunks.size() < 5 && System.nanoTime() < deadline) {
                for (int i = 0; i < 1_000_000; i++) x += Math.sqrt(i);
            }
            assertTrue(x > 0);
            assertTrue(chunks.size() >= 5, "the sampler thread rotated on its own: " + chunks.size());
            try (Stream<Path> files = Files.list(dir)) {
                assertTrue(files.count() <= 1, "only the chunk being written is on disk");
            }
            assertThrows(IllegalStateException.class, () -> SamplingSession.start(config), "one session per JVM");
        }
        assertFalse(Files.exists(dir), "chunk directory deleted at close");
        assertTrue(SamplingSession.current().isEmpty());
        long cpuSamples = 0;
        for (SampleChunk c : chunks) {
            for (int i = 0; i < c.size(); i++) if (c.type(i) == io.reqprof.core.profile.SampleType.CPU) cpuSamples++;
            assertTrue(c.endTime() >= c.startTime(), "chunk times are ordered");
        }
        assertTrue(cpuSamples > 10, "CPU samples of the busy loop were read: " + cpuSamples);
        // chunks follow each other in time
        for (int i = 1; i < chunks.size(); i++) {
            assertTrue(chunks.get(i).startTime() >= chunks.get(i - 1).endTime());
        }
    }

    @Test
    void restartsIntoFreshFilesKeepSamplingAndDeleteOldFiles(@TempDir Path tmp) throws Exception {
        AsyncProfilerEngine.restartPeriod = Duration.ofMillis(300);
        try {
            List<SampleChunk> chunks = new CopyOnWriteArrayList<>();
            EngineConfig config = EngineConfig.builder().engine(EngineKind.ASYNC)
                    .chunkPeriod(Duration.ofMillis(100)).tempDir(tmp).build();
            try (SamplingSession session = SamplingSession.start(config)) {
                session.addListener(chunks::add);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                double x = 0;
                while (chunks.size() < 15 && System.nanoTime() < deadline) {
                    for (int i = 0; i < 200_000; i++) x += Math.sqrt(i);
                }
                assertTrue(x > 0);
                try (Stream<Path> files = Files.list(session.chunkDirectory())) {
                    List<String> names = files.map(p -> p.getFileName().toString()).toList();
                    assertEquals(1, names.size(), "only the current recording is on disk: " + names);
                    assertTrue(!names.get(0).equals("recording-0.jfr"), "restarted at least once: " + names);
                }
            }
            int withCpu = 0;
            for (SampleChunk c : chunks) {
                for (int i = 0; i < c.size(); i++) {
                    if (c.type(i) == io.reqprof.core.profile.SampleType.CPU) {
                        withCpu++;
                        break;
                    }
                }
            }
            assertTrue(withCpu >= chunks.size() / 2, "samples keep coming across restarts: " + withCpu + "/" + chunks.size());
        } finally {
            AsyncProfilerEngine.restartPeriod = AsyncProfilerEngine.RESTART_PERIOD;
        }
    }

    @Test
    void staleChunkDirectoriesOfDeadProcessesAreRemoved(@TempDir Path tmp) throws Exception {
        // pid 2^22+1 is above Linux's pid_max default, so no live process has it
        Path stale = Files.createDirectory(tmp.resolve("reqprof-4194305-123"));
        Files.writeString(stale.resolve("chunk-0.jfr"), "old");
        Path foreign = Files.createDirectory(tmp.resolve("something-else"));
        try (SamplingSession session = SamplingSession.start(EngineConfig.builder().engine(EngineKind.JFR).tempDir(tmp).build())) {
            assertEquals("jfr", session.engineInfo().engine());
        }
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(foreign));
    }
}
