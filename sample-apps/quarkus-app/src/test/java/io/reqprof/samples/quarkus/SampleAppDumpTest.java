package io.reqprof.samples.quarkus;

import io.quarkus.test.junit.QuarkusTest;
import io.reqprof.core.pprof.PprofDecoder;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample app with the extension: a request to {@code /api/process} leaves a dump holding its CPU loop. */
@QuarkusTest
class SampleAppDumpTest {
    static final Path DIR = Path.of("target", "reqprof-test");

    @Test
    void processRequestIsDumpedWithItsOwnMethod() throws Exception {
        given().get("/api/process?ms=150").then().statusCode(200).body(containsString("executor-thread"));

        Path dump = awaitDump("GET.api.process.");
        Profile p = PprofDecoder.decode(Files.readAllBytes(dump));
        long own = p.samples(SampleType.CPU).stream()
                .filter(s -> s.stack().frames().stream().anyMatch(f -> f.methodName().equals("crunchNumbers")))
                .mapToLong(Sample::count).sum();
        assertTrue(own >= 10, "CPU samples in crunchNumbers in " + dump.getFileName() + ": " + own);
    }

    @Test
    void reactiveUserRequestIsDumpedToo() throws Exception {
        given().get("/api/users/7").then().statusCode(200).body(containsString("vert.x-eventloop"));
        awaitDump("GET.api.users.7.");
    }

    private static Path awaitDump(String prefix) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(DIR)) {
                try (Stream<Path> s = Files.list(DIR)) {
                    List<Path> found = s.filter(f -> f.getFileName().toString().startsWith(prefix)
                            && f.getFileName().toString().endsWith(".pb.gz")).toList();
                    if (!found.isEmpty()) return found.get(0);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no dump starting with " + prefix + " in " + DIR.toAbsolutePath());
    }
}
