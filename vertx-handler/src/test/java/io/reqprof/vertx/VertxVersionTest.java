package io.reqprof.vertx;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** These tests run twice, on Vert.x 4.5 and 5: this one proves which one a run really used. */
class VertxVersionTest {
    @Test
    void runsOnTheVertxMajorVersionTheBuildAskedFor() throws Exception {
        String expected = System.getProperty("reqprof.test.vertx-major");
        assertNotNull(expected, "set by the module's surefire configuration");
        String version;
        try (InputStream in = Vertx.class.getClassLoader().getResourceAsStream("META-INF/vertx/vertx-version.txt")) {
            assertNotNull(in, "vertx-core carries its version");
            version = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        System.out.println("running on Vert.x " + version);
        assertTrue(version.startsWith(expected + "."), "expected Vert.x " + expected + ".x, running " + version);
    }
}
