package io.reqprof.agent;

import io.reqprof.agent.upload.PeriodicCollector;
import io.reqprof.core.engine.EngineConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A target that never answers, for the whole run: start does not wait for it, the application keeps
 * working, the agent retries with backoff logging at most one warning per step at verbose 1, and
 * what waits for upload stays bounded.
 */
class UnreachableTargetTest {

    @Test
    void theAppKeepsWorkingWhileTheAgentBacksOffWithBoundedMemory() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: connections are refused
        }
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                // verbose governs the agent's loggers; the sampling session's own INFO line is not the agent's
                if (r.getLoggerName() == null || !r.getLoggerName().startsWith("io.reqprof.agent")) return;
                synchronized (records) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("io.reqprof").addHandler(h);
        try (Workload app = new Workload()) {
            ProfilerConfig c = ProfilerConfig.builder().service("shop").instance("i").verbose(1)
                    .target("pyroscope+http://127.0.0.1:" + port)
                    .uploadPeriod(Duration.ofMillis(250)).profileDuration(Duration.ofMillis(250))
                    .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                    .engine(EngineConfig.builder().chunkPeriod(Duration.ofMillis(100)).build())
                    .build();
            long t0 = System.nanoTime();
            Profiler profiler = Profiler.start(c);
            long startTook = System.nanoTime() - t0;
            PeriodicCollector collector = (PeriodicCollector) profiler.uploader();
            long rounds0 = app.rounds();
            // long enough for more profiles than the queue holds: 250 ms periods over 8 s make 32 per type
            Thread.sleep(8_000);
            long rounds = app.rounds() - rounds0;
            int queued = collector.queued();
            long dropped = collector.dropped();
            profiler.close();

            System.out.println("unreachable target: start took " + startTook / 1e6 + " ms, app rounds " + rounds
                    + ", queued " + queued + ", dropped " + dropped);
            assertTrue(startTook < 3_000_000_000L, "start does not wait for the target: " + startTook / 1e6 + " ms");
            assertTrue(rounds > 100, "the application kept working: " + rounds + " rounds of 5 ms");
            assertEquals(0, collector.uploaded());
            assertTrue(queued <= PeriodicCollector.MAX_QUEUED, "queue bounded: " + queued);
            assertTrue(dropped > 0, "old profiles were dropped rather than kept");
        } finally {
            Logger.getLogger("io.reqprof").removeHandler(h);
        }
        List<String> warnings;
        long retries;
        synchronized (records) {
            warnings = records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                    .map(LogRecord::getMessage).toList();
            retries = warnings.stream().filter(m -> m.contains("retrying in")).count();
            assertTrue(records.stream().noneMatch(r -> r.getLevel().intValue() < Level.WARNING.intValue()),
                    "verbose 1 logs nothing below warning");
        }
        // one warning per backoff step, plus at most one about dropping profiles
        assertTrue(retries >= 3, "retried with backoff: " + warnings.size() + " warnings");
        assertTrue(warnings.size() <= retries + 1, "at most one warning per step: " + warnings);
    }

    @Test
    void aProfileThatKeepsFailingIsDroppedAfterItsAttemptsNotRetriedForever() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: every upload fails, retryably
        }
        try (Workload app = new Workload()) {
            // one profile per type per second: the queue of 16 cannot fill within the 6 s below
            ProfilerConfig c = ProfilerConfig.builder().service("shop").instance("i").verbose(1)
                    .target("pyroscope+http://127.0.0.1:" + port)
                    .uploadPeriod(Duration.ofSeconds(1)).profileDuration(Duration.ofSeconds(1))
                    .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                    .engine(EngineConfig.builder().chunkPeriod(Duration.ofMillis(100)).build())
                    .build();
            Profiler profiler = Profiler.start(c);
            try {
                PeriodicCollector collector = (PeriodicCollector) profiler.uploader();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
                while (collector.dropped() == 0 && System.nanoTime() < deadline) Thread.sleep(50);
                int queued = collector.queued();
                assertTrue(collector.dropped() > 0, "the first profile was dropped after "
                        + PeriodicCollector.MAX_ATTEMPTS + " attempts");
                assertTrue(queued < PeriodicCollector.MAX_QUEUED, "and not because the queue was full: " + queued);
            } finally {
                profiler.close();
            }
        }
    }
}
