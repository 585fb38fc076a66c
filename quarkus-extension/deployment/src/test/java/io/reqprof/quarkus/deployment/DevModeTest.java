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
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dev mode, with request profiling on by default: a request's dump appears, the Dev UI's JSON-RPC
 * service lists it and its flame graph opens, and the embedded collector's UI answers at the URL the
 * Dev UI links and receives the agent's continuous profiles; after a live reload the old dump is still listed, the new request is dumped too,
 * exactly one sampler, one dump writer and one chunk directory exist, and the same kinds of reqprof
 * threads run as before (the old collector's and agent's are gone).
 */
class DevModeTest {
    static final Path DIR = DumpFiles.freshDir("dev-mode");
    static final Path TEMP = DumpFiles.emptyDir("dev-mode-temp");
    static final String BLOCKING = "GET.work.blocking._ms_.";
    /** The extension's Dev UI namespace: groupId.artifactId of the runtime module. */
    static final String NAMESPACE = "io.reqprof.reqprof-quarkus";

    @RegisterExtension
    static final QuarkusDevModeTest DEV = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(WorkResource.class, Work.class)
                    .addAsResource(new StringAsset(String.join("\n",
                            "quarkus.reqprof.profile-dir=" + DIR,
                            "quarkus.reqprof.temp-dir=" + TEMP,
                            "quarkus.reqprof.collector.data-dir=" + DumpFiles.freshDir("dev-mode-collector"),
                            "quarkus.application.name=devmode-app",
                            "quarkus.reqprof.cpu-interval=5ms",
                            "quarkus.reqprof.chunk-period=200ms",
                            "quarkus.reqprof.filename-format={method}.{route}.{status}.{id}.{ext}")), "application.properties"));

    @Test
    void dumpsAppearSurviveLiveReloadAndAreListedInDevUi() throws Exception {
        given().get("/work/blocking/30").then().statusCode(200).body(startsWith("executor-thread"));
        Path first = DumpFiles.await(DIR, n -> n.startsWith(BLOCKING) && n.endsWith(".pb.gz"), Duration.ofSeconds(20));
        assertOneSession();
        
        String collectorUrl = devUi("getCollectorUrl").asText();
        assertTrue(collectorUrl.startsWith("http://127.0.0.1:"), "collector UI URL: " + collectorUrl);
        given().get(collectorUrl).then().statusCode(200);
        Map<String, Long> threadKinds = Threads.reqprofKinds();
        assertTrue(threadKinds.containsKey("reqprof-collector-retention"), "the embedded collector runs: " + threadKinds);

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
        String newCollectorUrl = devUi("getCollectorUrl").asText();
        given().get(newCollectorUrl).then().statusCode(200);
        awaitThreadKinds(threadKinds);

        // continuous profiles reach the embedded collector with no setup (one 10 s profile per 15 s)
        long until = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        String services = "";
        while (!services.contains("devmode-app") && System.nanoTime() < until) {
            services = given().get(newCollectorUrl + "api/services").then().statusCode(200).extract().asString();
            if (!services.contains("devmode-app")) Thread.sleep(500);
        }
        assertTrue(services.contains("devmode-app"), "no continuous profile of devmode-app in the embedded collector: " + services);
    }

    /** Exactly one sampler, one dump writer and one private chunk directory: nothing leaked by a reload. */
    private static void assertOneSession() {
        List<String> names = Threads.reqprof();
        assertEquals(1, names.stream().filter("reqprof-sampler"::equals).count(), names.toString());
        assertEquals(1, names.stream().filter("reqprof-dump-writer"::equals).count(), names.toString());
        assertEquals(1, DumpFiles.list(TEMP, n -> n.startsWith("reqprof-")).size(), "chunk directories in " + TEMP);
    }

    /**
     * The same kinds of reqprof threads as before the reload (old collector, agent and session
     * threads gone), each as many times, except the collector's HTTP worker pool, which grows and
     * shrinks with load: only its presence and its cap count there. A collector left running by the
     * reload still shows, as a second HTTP timer, retention and scheduler thread.
     */
    private static void awaitThreadKinds(Map<String, Long> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!withoutHttpPool(Threads.reqprofKinds()).equals(withoutHttpPool(expected)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Map<String, Long> now = Threads.reqprofKinds();
        assertEquals(withoutHttpPool(expected), withoutHttpPool(now));
        long pool = now.getOrDefault(HTTP_POOL, 0L);
        assertTrue(pool >= 1 && pool <= 16, "the collector's HTTP pool (at most 16 threads): " + now);
    }

    private static final String HTTP_POOL = "reqprof-collector-http";

    private static Map<String, Long> withoutHttpPool(Map<String, Long> kinds) {
        Map<String, Long> m = new java.util.TreeMap<>(kinds);
        m.remove(HTTP_POOL);
        return m;
    }

    private static JsonNode recentRequests() throws Exception {
        JsonNode n = devUi("getRecentRequests");
        assertTrue(n.isArray(), n.toString());
        return n;
    }

    /** Calls a method of the Dev UI's JSON-RPC service the way the card does. */
    private static JsonNode devUi(String method) throws Exception {
        return new DevUIJsonRPCTest(NAMESPACE).executeJsonRPCMethod(method);
    }
}
