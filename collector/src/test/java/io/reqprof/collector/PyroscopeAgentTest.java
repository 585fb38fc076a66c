package io.reqprof.collector;

import io.reqprof.collector.store.ProfileQuery;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pyroscope's own Java agent ({@code io.pyroscope:agent} from Maven Central) attached with
 * {@code -javaagent} to a small workload, server address = the collector: its JFR uploads are
 * stored as CPU profiles and queryable, with the workload's frames.
 */
class PyroscopeAgentTest {
    @Test
    void pyroscopeJavaAgentProfilesAreStoredAndQueryable(@TempDir Path dir) throws Exception {
        Path agent = Path.of(System.getProperty("pyroscope.agent.jar", ""));
        assertTrue(Files.isRegularFile(agent), "pyroscope agent jar not found: " + agent);
        try (Collector c = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0).dataDir(dir.resolve("data")).build())) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-javaagent:" + agent, "-cp", System.getProperty("java.class.path"),
                    PyroscopeWorkload.class.getName(), "12000")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("workload.log").toFile());
            Map<String, String> env = pb.environment();
            env.put("PYROSCOPE_APPLICATION_NAME", "pyro.workload{env=test,version=7}");
            env.put("PYROSCOPE_SERVER_ADDRESS", "http://127.0.0.1:" + c.httpPort());
            env.put("PYROSCOPE_UPLOAD_INTERVAL", "2s");
            env.put("PYROSCOPE_LOG_LEVEL", "info");
            Process p = pb.start();
            try {
                long deadline = System.currentTimeMillis() + 40_000;
                ProfileQuery cpu = new ProfileQuery("pyro.workload", "CPU", null, null, Map.of(), 0, 0, 0);
                while (c.store().query(cpu).size() < 2 && System.currentTimeMillis() < deadline) Thread.sleep(250);
                assertTrue(c.store().query(cpu).size() >= 2, "no profiles from the Pyroscope agent; its log:\n"
                        + Files.readString(dir.resolve("workload.log")));
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
            }
            var stored = c.store().query(new ProfileQuery("pyro.workload", "CPU", "7", null, Map.of("env", "test"), 0, 0, 0));
            assertTrue(!stored.isEmpty(), "name labels: version becomes a deployment label, env a profile label");
            JsonPath merged = given().port(c.httpPort()).get("/api/merge?service=pyro.workload&type=CPU").then().statusCode(200)
                    .extract().jsonPath();
            List<String> names = merged.getList("flame.names");
            assertTrue(names.contains("io.reqprof.collector.PyroscopeWorkload.burn"), names.toString());
        }
    }
}
