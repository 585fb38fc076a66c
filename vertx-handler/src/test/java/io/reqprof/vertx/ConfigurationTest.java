package io.reqprof.vertx;

import io.reqprof.core.config.Settings;
import io.reqprof.core.web.WebProfilerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Settings are read as the servlet filter reads them: programmatic configuration (a JsonObject or a
 * map, keys with or without {@code reqprof.}) over system properties over environment; invalid values
 * fail the start naming the setting and its source. No sampling starts in this class.
 */
class ConfigurationTest {
    @AfterEach
    void clearProperties() {
        System.clearProperty("reqprof.min-elapsed");
        System.clearProperty("reqprof.sort-by");
    }

    @Test
    void programmaticConfigurationWinsOverSystemPropertiesWhichWinOverEnvironment() {
        System.setProperty("reqprof.min-elapsed", "250ms");
        System.setProperty("reqprof.sort-by", "total");
        Settings s = VertxSettings.of(new JsonObject().put("min-elapsed", "5ms").put("reqprof.formats", new JsonArray().add("pprof").add("html"))
                .put("sample-one-in", 3).put("server-timing", true)).orElse(Settings.fromSystem());
        assertEquals("5ms", s.string("reqprof.min-elapsed", null), "Vert.x config over system property");
        assertEquals("total", s.string("reqprof.sort-by", null), "system property when the config has no value");
        assertEquals(List.of("pprof", "html"), s.list("reqprof.formats", List.of()), "a JSON array is a list");
        assertEquals(3, s.number("reqprof.sample-one-in", 1), "numbers as text");
        assertEquals(true, s.bool("reqprof.server-timing", false), "booleans as text");
        assertEquals(true, WebProfilerConfig.from(s).serverTiming(), "the core reads the layered settings");
        assertEquals("1", VertxSettings.of(Map.of("x", 1)).string("reqprof.x", null), "a map works like a JsonObject");
    }

    @Test
    void anInvalidValueFailsTheStartNamingSettingAndSource() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ReqprofVertx.start(vertx, new JsonObject().put("min-elapsed", "-5ms")));
            assertEquals("reqprof.min-elapsed: must be a duration such as 250ms, 2s, 5m or PT1S, was '-5ms' (from Vert.x config reqprof.min-elapsed)",
                    e.getMessage());
            System.setProperty("reqprof.min-elapsed", "soon");
            e = assertThrows(IllegalArgumentException.class, () -> ReqprofVertx.start(vertx, new JsonObject()));
            assertEquals("reqprof.min-elapsed: must be a duration such as 250ms, 2s, 5m or PT1S, was 'soon' (from system property reqprof.min-elapsed)",
                    e.getMessage());
            assertFalse(ReqprofVertx.start(vertx, new JsonObject().put("enabled", false).put("min-elapsed", "not read when off")).enabled(),
                    "switched off, nothing else is read");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
