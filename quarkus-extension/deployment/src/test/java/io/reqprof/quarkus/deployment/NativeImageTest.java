package io.reqprof.quarkus.deployment;

import io.quarkus.test.QuarkusUnitTest;
import io.reqprof.quarkus.deployment.app.ProbeResource;
import io.reqprof.quarkus.runtime.ReqprofRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code quarkus.native.enabled=true} the build steps see a native-image build: the extension
 * installs nothing and logs why. (The application here still runs on the JVM: no GraalVM is needed to
 * check what the build steps decide.)
 */
class NativeImageTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ProbeResource.class, Threads.class))
            .overrideConfigKey("quarkus.native.enabled", "true")
            .overrideConfigKey("quarkus.reqprof.requests.enabled", "true")
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.reqprof"))
            .assertLogRecords(records -> assertTrue(records.stream().anyMatch(r ->
                            r.getMessage().startsWith("reqprof is disabled in this native-image build")),
                    "expected the native-image log line, got " + records.stream().map(r -> r.getMessage()).toList()));

    @Test
    void nothingIsInstalled() {
        given().get("/probe").then().statusCode(200).body(is("plain"));
        assertNull(ReqprofRuntime.current());
        assertEquals(List.of(), Threads.reqprof());
    }
}
