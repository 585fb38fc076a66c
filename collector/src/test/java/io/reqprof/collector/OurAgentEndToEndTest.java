package io.reqprof.collector;

import io.reqprof.collector.store.ProfileQuery;
import io.reqprof.collector.store.StoredProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * reqprof's own continuous agent ({@code io.reqprof.agent.Profiler}) against the collector over real
 * gRPC: two replicas of one deployment and one of a second service, each in its own JVM (the
 * agent is one per JVM). Profiles arrive at the configured period, shared by the replicas, with
 * the right deployment and types.
 */
class OurAgentEndToEndTest {
    private static final long PERIOD_MS = 3000;
    private static final long RUN_MS = 16_000;

    @Test
    void agentsGetProfilesScheduledPerDeployment(@TempDir Path dir) throws Exception {
        try (Collector c = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0).dataDir(dir.resolve("data"))
                .period(Duration.ofMillis(PERIOD_MS)).profileDuration(Duration.ofSeconds(1)).build())) {
            List<Process> replicas = new ArrayList<>();
            String[][] runs = {{"svc-a", "1.0", "a-1"}, {"svc-a", "1.0", "a-2"}, {"svc-b", "2.0", "b-1"}};
            long started = System.currentTimeMillis();
            for (String[] r : runs) {
                replicas.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), AgentReplica.class.getName(),
                        Integer.toString(c.grpcPort()), r[0], r[1], r[2], Long.toString(RUN_MS))
                        .redirectErrorStream(true).redirectOutput(dir.resolve(r[2] + ".log").toFile()).start());
            }
            for (Process p : replicas) {
                if (!p.waitFor(RUN_MS + 30_000, TimeUnit.MILLISECONDS)) p.destroyForcibly();
            }
            long ranMs = System.currentTimeMillis() - started;
            List<StoredProfile> a = c.store().query(new ProfileQuery("svc-a", null, null, null, Map.of(), 0, 0, 0));
            List<StoredProfile> b = c.store().query(new ProfileQuery("svc-b", null, null, null, Map.of(), 0, 0, 0));
            String logs = Files.readString(dir.resolve("a-1.log")) + Files.readString(dir.resolve("b-1.log"));
            long maxSlots = ranMs / PERIOD_MS + 1;
            assertTrue(a.size() >= 2 && a.size() <= maxSlots,
                    "two replicas share one schedule: " + a.size() + " profiles, at most " + maxSlots + "\n" + logs);
            assertTrue(b.size() >= 2 && b.size() <= maxSlots, "second service, own schedule: " + b.size() + "\n" + logs);
            List<StoredProfile> sorted = new ArrayList<>(a);
            sorted.sort((x, y) -> Long.compare(x.startMillis(), y.startMillis()));
            for (StoredProfile p : a) {
                assertEquals("test-project", p.projectId());
                assertEquals("1.0", p.version());
                assertEquals("zone-1", p.zone());
                assertEquals("java", p.deploymentLabels().get("language"));
            }
            Set<String> types = a.stream().map(StoredProfile::type).collect(Collectors.toSet());
            assertTrue(types.contains("CPU"), "CPU comes first in the rotation: " + types);
            given().port(c.httpPort()).get("/api/services").then().statusCode(200).body("service", hasItem("svc-b"));
        }
    }
}
