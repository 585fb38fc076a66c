package io.reqprof.core.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * async-profiler failing to load: {@code auto} falls back to JFR with one warning, {@code async}
 * fails naming the platform. The failure is real: a library path that does not exist.
 * Runs in its own JVM (surefire reuseForks=false), before any test could load the real library.
 */
class EngineFallbackTest {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        Logger.getLogger("io.reqprof.engine").addHandler(handler);
    }

    @AfterEach
    void release() {
        Logger.getLogger("io.reqprof.engine").removeHandler(handler);
    }

    @Test
    void explicitAsyncFailsNamingThePlatformAndAutoFallsBackWithOneWarning(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-libasyncProfiler.so");
        EngineConfig async = EngineConfig.builder().engine(EngineKind.ASYNC).asyncProfilerLibrary(missing).tempDir(tmp).build();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> SamplingSession.start(async));
        assertTrue(e.getMessage().startsWith("reqprof.engine: async-profiler cannot load on "
                + System.getProperty("os.name") + "/" + System.getProperty("os.arch")), e.getMessage());

        EngineConfig auto = async.toBuilder().engine(EngineKind.AUTO).build();
        try (SamplingSession session = SamplingSession.start(auto)) {
            assertEquals("jfr", session.engineInfo().engine());
            assertEquals("jfr-execution-sample", session.engineInfo().cpuSampler());
        }
        long warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).count();
        assertEquals(1, warnings, "exactly one warning for the fallback");
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                && r.getMessage().contains("falling back to JDK Flight Recorder")));
    }
}
