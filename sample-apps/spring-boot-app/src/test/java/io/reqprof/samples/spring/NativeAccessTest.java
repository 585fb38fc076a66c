package io.reqprof.samples.spring;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged sample on a JDK 24+ ({@code reqprof.test.jdk21}, JDK 25 here): its manifest's
 * {@code Enable-Native-Access: ALL-UNNAMED} lets async-profiler load its library without the JDK's
 * restricted-method warning, and sampling still starts. Runs after {@code package}.
 */
class NativeAccessTest {
    @Test
    void theExecutableJarStartsSamplingWithoutTheNativeAccessWarning() throws Exception {
        Path java = Path.of(System.getProperty("reqprof.test.jdk21"), "bin", "java");
        Process app = new ProcessBuilder(java.toString(), "-jar", System.getProperty("reqprof.test.app-jar"), "--server.port=0",
                "--reqprof.stream=stdout").redirectErrorStream(true).start();
        StringBuilder printed = new StringBuilder();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            byte[] buf = new byte[8192];
            var in = app.getInputStream();
            while (System.nanoTime() < deadline && !printed.toString().contains("listening on http://")) {
                int n = in.read(buf);
                if (n < 0) break;
                printed.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } finally {
            app.destroy();
            app.waitFor(20, TimeUnit.SECONDS);
            app.destroyForcibly();
        }
        String out = printed.toString();
        assertTrue(out.contains("listening on http://"), "started: " + out);
        assertTrue(out.contains("reqprof sampling with async-profiler"), "sampling with async-profiler: " + out);
        assertFalse(out.contains("restricted method"), "no native-access warning: " + out);
    }
}
