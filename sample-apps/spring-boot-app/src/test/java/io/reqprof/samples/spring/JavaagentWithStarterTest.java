package io.reqprof.samples.spring;

import io.reqprof.collector.Collector;
import io.reqprof.collector.CollectorConfig;
import io.reqprof.collector.store.ProfileQuery;
import io.reqprof.collector.store.StoredProfile;
import io.reqprof.core.pprof.PprofDecoder;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged Spring Boot sample (a fat jar with the starter, the agent and their grpc) run as
 * {@code java -javaagent:reqprof-agent.jar=... -jar reqprof-sample-spring-boot.jar}: the starter finds
 * the profiler the agent started before main and uses it, and the agent's profiles carry the
 * filter's route labels, so both share one sampling session. Runs after {@code package}.
 */
class JavaagentWithStarterTest {
    private static final Path AGENT_JAR = Path.of(System.getProperty("reqprof.test.agent-jar"));
    private static final Path APP_JAR = Path.of(System.getProperty("reqprof.test.app-jar"));

    @Test
    void theAgentAndTheStarterShareOneProfilerAndOneSession(@TempDir Path dir) throws Exception {
        try (Collector collector = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0).dataDir(dir.resolve("data"))
                .period(Duration.ofSeconds(2)).profileDuration(Duration.ofSeconds(2)).build())) {
            Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-javaagent:" + AGENT_JAR + "=service=spring-sample,target=grpc://127.0.0.1:" + collector.grpcPort()
                            + ",profile-wall=false",
                    "-jar", APP_JAR.toString(), "--server.port=0", "--spring.application.name=another-name",
                    "--management.endpoints.web.exposure.include=reqprof", "--logging.level.io.reqprof.dump=warn")
                    .redirectErrorStream(true).start();
            Output out = new Output(app);
            try {
                int port = out.awaitPort();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                Set<String> routes = Set.of();
                while (System.nanoTime() < deadline && !routes.contains("/api/users/{id}") && app.isAlive()) {
                    for (int i = 0; i < 20; i++) given().port(port).get("/api/users/" + i).then().statusCode(200);
                    routes = routes(collector);
                }
                String printed = out.text();
                assertTrue(routes.contains("/api/users/{id}"), "the agent's CPU profile carries the filter's route: " + routes
                        + "\n" + printed);
                assertTrue(printed.contains("continuous profiling was already running (service 'spring-sample'"),
                        "the starter used the agent's profiler: " + printed);
                assertEquals("spring-sample", given().port(port).get("/actuator/reqprof").then().statusCode(200).extract()
                        .jsonPath().getString("continuous.service"));
                assertFalse(printed.matches("(?s).*(NoSuchMethodError|NoClassDefFoundError|LinkageError|ClassCastException).*"), printed);
            } finally {
                app.destroy();
                app.waitFor(20, TimeUnit.SECONDS);
                app.destroyForcibly();
            }
        }
    }

    /** Route labels on CPU samples in Endpoints.cpuLoop, over every stored CPU profile of spring-sample. */
    private static Set<String> routes(Collector collector) throws IOException {
        Set<String> routes = new HashSet<>();
        for (StoredProfile p : collector.store().query(new ProfileQuery("spring-sample", "CPU", null, null, Map.of(), 0, 0, 0))) {
            Profile profile = PprofDecoder.decode(collector.store().read(p.id()).orElseThrow());
            for (Sample s : profile.samples(SampleType.CPU)) {
                boolean inLoop = s.stack().frames().stream()
                        .anyMatch(f -> f.className().endsWith("Endpoints") && f.methodName().equals("cpuLoop"));
                if (inLoop && s.labels().get("route") != null) routes.add(s.labels().get("route"));
            }
        }
        return routes;
    }

    /** Everything the application prints, read as it goes so that its pipe never fills. */
    private static final class Output {
        private static final Pattern URL = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Output(Process p) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (InputStream in = p.getInputStream()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        synchronized (bytes) {
                            bytes.write(buf, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "app-output");
            t.setDaemon(true);
            t.start();
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        int awaitPort() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                Matcher m = URL.matcher(text());
                if (m.find()) return Integer.parseInt(m.group(1));
                Thread.sleep(100);
            }
            throw new AssertionError("the application did not start: " + text());
        }
    }
}
