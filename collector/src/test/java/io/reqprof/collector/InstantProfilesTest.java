package io.reqprof.collector;

import com.google.devtools.cloudprofiler.v2.ProfileType;
import io.reqprof.collector.pprof.PprofWriter;
import io.reqprof.collector.pprof.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * A snapshot (THREADS, HEAP, PEAK_HEAP) is stored with its own duration, not the 10 s window the
 * upload names (CreateProfile hands one out for every type, and agents send it back); a windowed
 * type keeps the window.
 */
class InstantProfilesTest {
    @TempDir
    Path dir;

    @Test
    void snapshotsKeepTheirOwnDurationWindowsTheWindow() throws Exception {
        try (Collector c = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0).dataDir(dir).build());
             GrpcClient client = new GrpcClient(c.grpcPort(), null)) {
            byte[] threads = new PprofWriter(List.of(new ValueType("threads", "count")))
                    .sample(List.of("java.lang.Object.wait", "java.lang.Thread.run"), new long[] {12}).toGzip();
            // the upload says 10 s (GrpcClient sends the window CreateProfile would have handed out)
            client.offline(GrpcClient.deployment("snap", "1", "z"), ProfileType.THREADS, threads, Map.of());
            client.offline(GrpcClient.deployment("snap", "1", "z"), ProfileType.CPU, TestProfiles.service("a.B.c"), Map.of());
            given().port(c.httpPort()).get("/api/profiles?service=snap&type=THREADS").then().statusCode(200)
                    .body("[0].duration_ns", equalTo(0));
            given().port(c.httpPort()).get("/api/profiles?service=snap&type=CPU").then().statusCode(200)
                    .body("[0].duration_ns", equalTo(10_000_000_000L));
        }
    }
}
