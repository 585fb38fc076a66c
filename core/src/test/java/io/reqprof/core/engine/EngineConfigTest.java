package io.reqprof.core.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineConfigTest {

    @Test
    void defaultsMatchTheDocumentedValues() {
        EngineConfig c = EngineConfig.defaults();
        assertEquals(EngineKind.AUTO, c.engine());
        assertEquals(Duration.ofMillis(10), c.cpuInterval());
        assertEquals(Duration.ofMillis(50), c.wallInterval());
        assertTrue(c.wallEnabled());
        assertEquals(0, c.allocInterval());
        assertEquals(null, c.lockThreshold());
        assertEquals(Duration.ofSeconds(1), c.chunkPeriod());
    }

    @Test
    void unknownEngineNameIsRejectedWithTheAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EngineConfig.builder().engine("perf"));
        assertEquals("reqprof.engine: unknown engine 'perf'; expected one of auto, async, jfr", e.getMessage());
    }

    @Test
    void engineNamesParseIgnoringCase() {
        assertEquals(EngineKind.ASYNC, EngineKind.parse(" Async "));
        assertEquals(EngineKind.JFR, EngineKind.parse("JFR"));
        assertEquals(EngineKind.AUTO, EngineKind.parse("auto"));
    }

    @Test
    void nonPositiveCpuIntervalNamesTheSetting() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-5)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EngineConfig.builder().cpuInterval(bad).build());
            assertTrue(e.getMessage().startsWith("reqprof.cpu-interval: must be greater than 0"), e.getMessage());
        }
    }

    @Test
    void nonPositiveWallIntervalNamesTheSettingUnlessWallIsOff() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EngineConfig.builder().wallInterval(Duration.ZERO).build());
        assertTrue(e.getMessage().startsWith("reqprof.wall-interval: must be greater than 0"), e.getMessage());
        EngineConfig off = EngineConfig.builder().wall(false).wallInterval(Duration.ZERO).build();
        assertFalse(off.wallEnabled());
    }

    @Test
    void otherRulesNameTheirSettings() {
        assertMessageStarts("reqprof.alloc-interval:", () -> EngineConfig.builder().allocInterval(-1).build());
        assertMessageStarts("reqprof.lock-threshold:", () -> EngineConfig.builder().lockThreshold(Duration.ofMillis(-1)).build());
        assertMessageStarts("reqprof.chunk-period: must be at least 100ms",
                () -> EngineConfig.builder().chunkPeriod(Duration.ofMillis(10)).build());
        assertMessageStarts("reqprof.temp-dir: must not contain ','",
                () -> EngineConfig.builder().tempDir(java.nio.file.Path.of("/tmp/a,b")).build());
    }

    @Test
    void equalConfigsAreEqual() {
        EngineConfig a = EngineConfig.builder().cpuInterval(Duration.ofMillis(5)).build();
        assertEquals(a, a.toBuilder().build());
        assertEquals(a.hashCode(), a.toBuilder().build().hashCode());
    }

    private static void assertMessageStarts(String prefix, org.junit.jupiter.api.function.Executable ex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
