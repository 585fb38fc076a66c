package io.reqprof.quarkus.deployment;

import io.reqprof.core.config.Settings;
import io.reqprof.core.web.WebProfilerConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quarkus defaults on top of core's settings, without starting Quarkus. */
class QuarkusSettingsTest {

    @SuppressWarnings("unchecked")
    private static Map<String, String> defaults(boolean dev, Optional<String> name, Optional<String> version) throws Exception {
        Class<?> c = Class.forName("io.reqprof.quarkus.runtime.QuarkusSettings");
        Method m = c.getDeclaredMethod("defaults", boolean.class, Optional.class, Optional.class);
        m.setAccessible(true);
        return (Map<String, String>) m.invoke(null, dev, name, version);
    }

    @Test
    void devModeProfilesRequestsIntoTargetWithHtml() throws Exception {
        Settings s = Settings.of("Quarkus default", defaults(true, Optional.of("shop"), Optional.of("1.2")));
        WebProfilerConfig c = WebProfilerConfig.from(s);
        assertTrue(c.enabled());
        assertTrue(c.dumps().profileDir().endsWith("target/reqprof"), c.dumps().profileDir().toString());
        assertEquals(2, c.dumps().formats().size());
        assertEquals("shop", s.string("reqprof.service", null));
        assertEquals("1.2", s.string("reqprof.service-version", null));
        assertEquals("collector", s.string("reqprof.target", null));
        assertFalse(c.dumps().selection().newGate().admit("GET", "/q/dev-ui/welcome"), "Quarkus's own endpoints are not dumped");
        assertTrue(c.dumps().selection().newGate().admit("GET", "/api/users/7"));
    }

    @Test
    void prodModeProfilesNothingUnlessAsked() throws Exception {
        Settings s = Settings.of("Quarkus default", defaults(false, Optional.empty(), Optional.empty()));
        assertFalse(WebProfilerConfig.from(s).enabled());
        assertEquals("none", s.string("reqprof.target", null));
    }

    @Test
    void explicitValuesWinOverDefaultsAndAreValidatedByCore() throws Exception {
        Settings s = Settings.of("Quarkus configuration", Map.of("reqprof.enabled", "true", "reqprof.sample-one-in", "zero"))
                .orElse(Settings.of("Quarkus default", defaults(false, Optional.empty(), Optional.empty())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WebProfilerConfig.from(s));
        assertEquals("reqprof.sample-one-in: must be a whole number, was 'zero' (from Quarkus configuration reqprof.sample-one-in)", e.getMessage());
    }
}
