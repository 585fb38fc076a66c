package io.reqprof.spring;

import io.reqprof.core.dump.DumpIndex;
import io.reqprof.core.pprof.PprofDecoder;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spring Boot with {@code spring.threads.virtual.enabled=true} on a JDK 21+ (the surefire execution
 * {@code jdk21}): the starter samples with JDK Flight Recorder, says so once, and each request's
 * dump holds its own CPU and no other request's.
 */
@Tag("jdk21")
class VirtualThreadsTest {
    private static final int EACH = 3;

    @Test
    void requestsOnVirtualThreadsGetTheirOwnCpuSamples(@TempDir Path dir) throws Exception {
        Path dumps = dir.resolve("dumps");
        ExecutorService clients = Executors.newFixedThreadPool(2 * EACH);
        try (LogCapture log = new LogCapture("io.reqprof.spring");
             ConfigurableApplicationContext app = new SpringApplicationBuilder(StarterApp.class).run("--server.port=0",
                     "--server.address=127.0.0.1", "--spring.main.banner-mode=off", "--spring.threads.virtual.enabled=true",
                     "--reqprof.profile-dir=" + dumps)) {
            int port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
            assertTrue(log.messages().stream().anyMatch(m -> m.contains("sampled with JDK Flight Recorder")),
                    "the starter says why it chose JFR: " + log.messages());
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < EACH; i++) {
                for (String path : List.of("/alpha", "/beta")) {
                    answers.add(clients.submit(() -> given().port(port).get(path).then().statusCode(200).extract().asString()));
                }
            }
            for (Future<String> a : answers) {
                assertTrue(a.get().startsWith("VirtualThread"), "served on a virtual thread: " + a.get());
            }
            // a virtual thread that sleeps is unmounted: its time must still show in its request's wall profile
            given().port(port).get("/sleep").then().statusCode(200);
            List<DumpIndex.Entry> entries = SpringBootStarterTest.awaitDumps(dumps, 2 * EACH + 1);
            for (Map<String, Object> line : DumpIndex.readObjects(dumps)) {
                assertTrue(String.valueOf(line.get("engine")).startsWith("jfr "), "engine: " + line);
            }
            for (DumpIndex.Entry e : entries) {
                Profile p = PprofDecoder.decode(Files.readAllBytes(dumps.resolve(e.files().get(0))));
                if (e.path().equals("/sleep")) {
                    long sleptNanos = valueIn(p, SampleType.WALL, "Endpoints", "sleep");
                    System.out.println("VirtualThreadsTest: /sleep (150 ms, unmounted) wall in Endpoints.sleep "
                            + sleptNanos / 1_000_000 + " ms of " + e.elapsedMs() + " ms elapsed");
                    assertTrue(sleptNanos >= 75_000_000L, "the unmounted sleep's wall time in its own method: "
                            + sleptNanos / 1_000_000 + " ms; " + e);
                    continue;
                }
                String own = e.path().equals("/alpha") ? "AlphaWork" : "BetaWork";
                String other = e.path().equals("/alpha") ? "BetaWork" : "AlphaWork";
                assertTrue(cpuIn(p, own) > 0, e.path() + " has CPU samples in its own " + own + ": " + e);
                assertEquals(0, cpuIn(p, other), e.path() + " holds no sample of the other request's " + other + ": " + e);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /** Estimated time (sample values) of {@code type} in samples with {@code className.method} on their stack. */
    private static long valueIn(Profile p, SampleType type, String className, String method) {
        long v = 0;
        for (Sample s : p.samples(type)) {
            if (s.stack().frames().stream().anyMatch(f -> f.className().endsWith(className) && f.methodName().equals(method))) {
                v += s.value();
            }
        }
        return v;
    }

    private static long cpuIn(Profile p, String className) {
        long n = 0;
        for (Sample s : p.samples(SampleType.CPU)) {
            if (s.stack().frames().stream().anyMatch(f -> f.className().endsWith(className))) n += s.count();
        }
        return n;
    }
}
