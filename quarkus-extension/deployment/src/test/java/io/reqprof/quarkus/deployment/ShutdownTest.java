package io.reqprof.quarkus.deployment;

import io.quarkus.test.QuarkusUnitTest;
import io.reqprof.quarkus.deployment.app.ProbeResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While the application runs, its requests are profiled by one sampler and one dump writer; once it
 * has shut down, no {@code reqprof-} thread is left and the session's chunk directory is gone.
 */
class ShutdownTest {
    static final Path DIR = DumpFiles.freshDir("shutdown");
    static final Path TEMP = DumpFiles.emptyDir("shutdown-temp");

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ProbeResource.class, DumpFiles.class, Threads.class))
            .overrideConfigKey("quarkus.reqprof.requests.enabled", "true")
            .overrideConfigKey("quarkus.reqprof.profile-dir", DIR.toString())
            .overrideConfigKey("quarkus.reqprof.temp-dir", TEMP.toString())
            .setAfterUndeployListener(() -> {
                assertEquals(List.of(), Threads.reqprof(), "reqprof threads left after shutdown");
                assertEquals(List.of(), DumpFiles.list(TEMP, n -> n.startsWith("reqprof-")), "chunk directory left after shutdown");
            });

    @Test
    void runsWhileUp() {
        given().get("/probe").then().statusCode(200).body(is("profiled"));
        assertEquals(List.of("reqprof-dump-writer", "reqprof-sampler"), Threads.reqprof());
        assertEquals(1, DumpFiles.list(TEMP, n -> n.startsWith("reqprof-")).size(), "one chunk directory while running");
        assertTrue(Files.isDirectory(DIR));
    }
}
