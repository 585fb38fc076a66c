package io.reqprof.quarkus.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.devui.tests.DevUIJsonRPCTest;
import io.quarkus.test.QuarkusDevModeTest;
import io.reqprof.quarkus.deployment.app.Work;
import io.reqprof.quarkus.deployment.app.WorkResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dev mode, with request profiling on by default: a request's dump appears, the Dev UI's JSON-RPC
 * service lists it and its flame graph opens; after a live reload the old dump is still listed, the
 * new request is dumped too, and exactly one sampler, one dump writer and one chunk directory exist.
 */
class DevModeTest {
    static final Path DIR = DumpFiles.freshDir("dev-mode");
    static final Path TEMP = DumpFiles.emptyDir("dev-mode-temp");
    static final String BLOCKING = "GET.work.blocking._ms_.";

    @RegisterExtension
    static final QuarkusDevModeTest DEV = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(WorkResource.class, Work.class)
                    .addAsResource(new StringAsset(String.join("\n",
                            "quarkus.reqprof.profile-dir=" + DIR,
                            "quarkus.reqprof.temp-dir=" + TEMP,
                            "quarkus.reqprof.cpu-interval=5ms",
                            "quarkus.reqprof.chunk-period=200ms",
                            "quarkus.reqprof.filename-format={method}.{route}.{status}.{id}.{ext}")), "application.properties"));

    @Test
    void dumpsAppearSurviveLiveReloadAndAreListedInDevUi() throws Exception {
        given().get("/work/blocking/30").then().statusCode(200).body(startsWith("executor-thread"));
        Path first = DumpFiles.await(DIR, n -> n.startsWith(BLOCKING) && n.endsWith(".pb.gz"), Duration.ofSeconds(20));
        assertOneSession();

        JsonNode listed = recentRequests();
        assertEquals(1, listed.size(), listed.toString());
        assertEquals("/work/blocking/{ms}", listed.get(0).get("route").asText());
        assertEquals(200, listed.get(0).get("status").asInt());
        given().get("/q/reqprof/flamegraph?id=" + listed.get(0).get("id").asText())
                .then().statusCode(200).contentType(containsString("text/html")).body(containsString("burnOnWorker"));

        DEV.modifySourceFile(WorkResource.class, s -> s.replace("return Thread.currentThread().getName();",
                "return \"reloaded \" + Thread.currentThread().getName();"));
        given().get("/work/blocking/30").then().statusCode(200).body(startsWith("reloaded executor-thread"));

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (DumpFiles.list(DIR, n -> n.startsWith(BLOCKING) && n.endsWith(".pb.gz")).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<Path> dumps = DumpFiles.list(DIR, n -> n.startsWith(BLOCKING) && n.endsWith(".pb.gz"));
        assertEquals(2, dumps.size(), "one dump before and one after the reload: " + dumps);
        assertTrue(Files.exists(first), "the dump from before the reload is kept");
        assertOneSession();
        assertEquals(2, recentRequests().size(), "the Dev UI lists dumps from before and after the reload");
    }

    /** Exactly one sampler, one dump writer and one private chunk directory: nothing leaked by a reload. */
    private static void assertOneSession() {
        assertEquals(List.of("reqprof-dump-writer", "reqprof-sampler"), Threads.reqprof());
        assertEquals(1, DumpFiles.list(TEMP, n -> n.startsWith("reqprof-")).size(), "chunk directories in " + TEMP);
    }

    /** Calls the Dev UI's JSON-RPC service the way the card does. */
    private static JsonNode recentRequests() throws Exception {
        List<String> errors = new ArrayList<>();
        for (String namespace : List.of("io.reqprof.reqprof-quarkus", "reqprof-quarkus")) {
            try {
                JsonNode n = new DevUIJsonRPCTest(namespace).executeJsonRPCMethod("getRecentRequests");
                if (n != null && n.isArray()) return n;
                errors.add(namespace + ": " + n);
            } catch (Exception e) {
                errors.add(namespace + ": " + e);
            }
        }
        throw new AssertionError("Dev UI JSON-RPC getRecentRequests failed: " + errors);
    }
}
