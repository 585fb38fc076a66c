package io.reqprof.core.config;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.EngineKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SettingsTest {

    @Test
    void firstLayerWithANonBlankValueWins() {
        Settings s = Settings.of("init parameter", Map.of("profile-dir", "/a", "reqprof.formats", " "))
                .orElse(Settings.of("system property", Map.of("reqprof.profile-dir", "/b", "reqprof.formats", "html")));
        assertEquals("/a", s.string("reqprof.profile-dir", null), "short keys are found in a map layer");
        assertEquals(List.of("html"), s.list("reqprof.formats", List.of()), "a blank value falls through");
        assertEquals("x", s.string("reqprof.absent", "x"));
    }

    @Test
    void environmentNamesAreUpperSnakeCase() {
        assertEquals("REQPROF_RETENTION_MAX_FILES", Settings.environmentName("reqprof.retention.max-files"));
    }

    @Test
    void durationsAndSizesAcceptUnits() {
        Settings s = Settings.of("t", Map.of("a", "250ms", "b", "PT2S", "c", "5m", "d", "64m", "e", "512k", "f", "1_000"));
        assertEquals(Duration.ofMillis(250), s.duration("reqprof.a", null));
        assertEquals(Duration.ofSeconds(2), s.duration("reqprof.b", null));
        assertEquals(Duration.ofMinutes(5), s.duration("reqprof.c", null));
        assertEquals(64L << 20, s.bytes("reqprof.d", 0));
        assertEquals(512L << 10, s.bytes("reqprof.e", 0));
        assertEquals(1000, s.number("reqprof.f", 0));
    }

    @Test
    void badValuesNameTheSettingTheRuleAndTheSource() {
        Settings s = Settings.of("system property", Map.of("reqprof.min-elapsed", "soon", "reqprof.server-timing", "yes"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.duration("reqprof.min-elapsed", null));
        assertEquals("reqprof.min-elapsed: must be a duration such as 250ms, 2s, 5m or PT1S, was 'soon' (from system property reqprof.min-elapsed)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.bool("reqprof.server-timing", false));
        assertEquals("reqprof.server-timing: must be true or false, was 'yes' (from system property reqprof.server-timing)", e.getMessage());
    }

    @Test
    void engineConfigReadsItsKeys() {
        EngineConfig c = EngineConfig.from(Settings.of("t", Map.of("engine", "JFR", "cpu-interval", "5ms", "wall", "false",
                "alloc-interval", "512k", "chunk-period", "500ms")));
        assertEquals(EngineKind.JFR, c.engine());
        assertEquals(Duration.ofMillis(5), c.cpuInterval());
        assertEquals(false, c.wallEnabled());
        assertEquals(512 * 1024, c.allocInterval());
        assertEquals(Duration.ofMillis(500), c.chunkPeriod());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EngineConfig.from(Settings.of("environment variable", Map.of("reqprof.engine", "fast"))));
        assertEquals("reqprof.engine: must be auto, async or jfr, was 'fast' (from environment variable REQPROF_ENGINE)", e.getMessage());
    }
}
