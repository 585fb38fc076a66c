package io.reqprof.agent;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Proves which grpc and protobuf the tests really ran on: the default surefire run uses the project's
 * pins, the {@code quarkus-pins} run swaps in Quarkus 3.33.2's (grpc 1.79.0, protobuf 4.33.2) and runs
 * the agent loop test again on them.
 */
@Tag("quarkus-pins")
class RuntimeVersionsTest {
    @Test
    void grpcAndProtobufOnTheClasspathAreTheExpectedOnes() throws Exception {
        String grpc = System.getProperty("reqprof.expect.grpc");
        String protobuf = System.getProperty("reqprof.expect.protobuf");
        assertNotNull(grpc, "surefire sets reqprof.expect.grpc");
        // read reflectively: the constant would otherwise be inlined at compile time
        String grpcRuntime = (String) io.grpc.internal.GrpcUtil.class.getField("IMPLEMENTATION_VERSION").get(null);
        assertEquals(grpc, grpcRuntime.replace("-SNAPSHOT", ""));
        Class<?> v = com.google.protobuf.RuntimeVersion.class;
        String runtime = v.getField("MAJOR").get(null) + "." + v.getField("MINOR").get(null) + "." + v.getField("PATCH").get(null);
        // protobuf-java 4.x reports its 4.x version as the minor.patch of the "major" runtime domain
        assertEquals(protobuf.substring(protobuf.indexOf('.') + 1), runtime.substring(runtime.indexOf('.') + 1));
        // the generated Cloud Profiler classes load (their gencode check passes) on this runtime
        assertNotNull(com.google.devtools.cloudprofiler.v2.Profile.getDescriptor());
    }
}
