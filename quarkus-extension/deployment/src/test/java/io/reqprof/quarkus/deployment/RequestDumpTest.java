package io.reqprof.quarkus.deployment;

import io.quarkus.test.QuarkusUnitTest;
import io.reqprof.core.profile.Profile;
import io.reqprof.quarkus.deployment.app.Work;
import io.reqprof.quarkus.deployment.app.WorkResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocking (worker thread) and reactive ({@code Uni} on the event loop) endpoints each get a dump,
 * named by their route template, holding their own CPU loop and not the other's.
 */
class RequestDumpTest {
    static final Path DIR = DumpFiles.freshDir("request-dump");

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(WorkResource.class, Work.class, DumpFiles.class))
            .overrideConfigKey("quarkus.reqprof.requests.enabled", "true")
            .overrideConfigKey("quarkus.reqprof.profile-dir", DIR.toString())
            .overrideConfigKey("quarkus.reqprof.cpu-interval", "5ms")
            .overrideConfigKey("quarkus.reqprof.chunk-period", "200ms")
            .overrideConfigKey("quarkus.reqprof.filename-format", "{method}.{route}.{status}.{id}.{ext}");

    @Test
    void blockingEndpointOnWorkerThreadIsDumpedWithItsOwnMethod() throws Exception {
        given().get("/work/blocking/150").then().statusCode(200).body(startsWith("executor-thread"));

        Path dump = DumpFiles.await(DIR, n -> n.startsWith("GET.work.blocking._ms_.200.") && n.endsWith(".pb.gz"), Duration.ofSeconds(15));
        Profile p = DumpFiles.decode(dump);
        long own = DumpFiles.cpuSamplesIn(p, "burnOnWorker");
        assertTrue(own >= 10, "expected the worker's CPU loop in " + dump.getFileName() + ", CPU samples in burnOnWorker: "
                + own + " of " + DumpFiles.cpuSamples(p));
        assertTrue(DumpFiles.cpuSamplesIn(p, "burnOnEventLoop") == 0, "the reactive endpoint's loop must not appear");
    }

    @Test
    void reactiveEndpointOnEventLoopIsDumpedWithItsOwnMethod() throws Exception {
        given().get("/work/reactive/150").then().statusCode(200).body(startsWith("vert.x-eventloop"));

        Path dump = DumpFiles.await(DIR, n -> n.startsWith("GET.work.reactive._ms_.200.") && n.endsWith(".pb.gz"), Duration.ofSeconds(15));
        Profile p = DumpFiles.decode(dump);
        long own = DumpFiles.cpuSamplesIn(p, "burnOnEventLoop");
        assertTrue(own >= 10, "expected the event loop's CPU loop in " + dump.getFileName() + ", CPU samples in burnOnEventLoop: "
                + own + " of " + DumpFiles.cpuSamples(p));
        assertTrue(DumpFiles.cpuSamplesIn(p, "burnOnWorker") == 0, "the blocking endpoint's loop must not appear");
    }
}
