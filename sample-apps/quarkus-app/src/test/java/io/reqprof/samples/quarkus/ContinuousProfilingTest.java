package io.reqprof.samples.quarkus;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reqprof.core.pprof.PprofDecoder;
import io.reqprof.core.profile.Profile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extension starts reqprof's continuous agent at boot, next to request profiling on the same
 * sampling session, and it uploads a profile over the Cloud Profiler v2 API, all on the grpc and
 * protobuf versions Quarkus pins.
 */
@QuarkusTest
@WithTestResource(CloudProfilerStandIn.class)
class ContinuousProfilingTest {

    @Test
    void agentUploadsAProfileOnQuarkusPinnedGrpcAndProtobuf() throws Exception {
        given().get("/api/process?ms=200").then().statusCode(200);

        Path profile = CloudProfilerStandIn.DIR.resolve("profile-1.pb.gz");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(profile) && System.nanoTime() < deadline) Thread.sleep(100);
        assertTrue(Files.exists(profile), "no UpdateProfile arrived at the stand-in within 30 s");
        Thread.sleep(200); // the stand-in writes the deployment file right after the profile

        Profile p = PprofDecoder.decode(Files.readAllBytes(profile));
        assertNotNull(p);
        String deployment = Files.readString(CloudProfilerStandIn.DIR.resolve("deployment-1.txt"));
        assertTrue(deployment.startsWith("reqprof-quarkus-sample "), "service defaults to quarkus.application.name: " + deployment);
        assertTrue(deployment.contains("language=java"), deployment);
        assertTrue(deployment.contains("version=0.1.0-SNAPSHOT"), "version defaults to quarkus.application.version: " + deployment);

        String grpc = (String) io.grpc.internal.GrpcUtil.class.getField("IMPLEMENTATION_VERSION").get(null);
        assertEquals("1.79.0", grpc);
        Class<?> v = com.google.protobuf.RuntimeVersion.class;
        assertEquals("33.2", v.getField("MINOR").get(null) + "." + v.getField("PATCH").get(null));
    }
}
