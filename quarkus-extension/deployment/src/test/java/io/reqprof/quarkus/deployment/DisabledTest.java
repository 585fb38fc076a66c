package io.reqprof.quarkus.deployment;

import io.quarkus.test.QuarkusUnitTest;
import io.reqprof.quarkus.deployment.app.ProbeResource;
import io.reqprof.quarkus.runtime.ReqprofRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code quarkus.reqprof.enabled=false}: no filter, no recorder, no threads, no files. */
class DisabledTest {
    static final Path DIR = DumpFiles.freshDir("disabled");

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ProbeResource.class, DumpFiles.class, Threads.class))
            .overrideConfigKey("quarkus.reqprof.enabled", "false")
            .overrideConfigKey("quarkus.reqprof.requests.enabled", "true")
            .overrideConfigKey("quarkus.reqprof.profile-dir", DIR.toString());

    @Test
    void filterIsAbsentAndNothingRuns() {
        given().get("/probe").then().statusCode(200).body(is("plain"));
        assertNull(ReqprofRuntime.current(), "the recorder must not have run");
        assertEquals(List.of(), Threads.reqprof());
        assertFalse(Files.exists(DIR), "no dump directory may be created");
    }
}
