package io.reqprof.collector;

import com.google.devtools.cloudprofiler.v2.ProfileType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loopback by default; anything else needs a token or an explicit open; a token is enforced on gRPC and HTTP. */
class AuthTest {
    private static final String TOKEN = "s3cret-token-0123456789";

    @Test
    void nonLoopbackNeedsTokenOrOpen() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CollectorConfig.builder().host("0.0.0.0").build());
        assertTrue(e.getMessage().contains("requires a token"), e.getMessage());
        assertEquals("0.0.0.0", CollectorConfig.builder().host("0.0.0.0").token(TOKEN).build().host());
        assertTrue(CollectorConfig.builder().host("0.0.0.0").open(true).build().open());
        assertEquals("127.0.0.1", CollectorConfig.builder().build().host());
        assertThrows(IllegalArgumentException.class, () -> CollectorConfig.builder().token("short").build());
    }

    @Test
    void tokenIsEnforcedOnGrpcAndHttp(@TempDir Path dir) throws Exception {
        // bound to loopback here (tests never listen beyond it); the checks are the same on any address
        try (Collector c = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0).dataDir(dir).token(TOKEN).build())) {
            try (GrpcClient anonymous = new GrpcClient(c.grpcPort(), null);
                 GrpcClient wrong = new GrpcClient(c.grpcPort(), "wrong-token-0123456789");
                 GrpcClient good = new GrpcClient(c.grpcPort(), TOKEN)) {
                byte[] p = TestProfiles.service("com.example.Auth.work");
                var d = GrpcClient.deployment("svc", "1", "z");
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> anonymous.offline(d, ProfileType.CPU, p, Map.of()));
                assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
                e = assertThrows(StatusRuntimeException.class, () -> wrong.offline(d, ProfileType.CPU, p, Map.of()));
                assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
                assertEquals(0, c.store().size());
                good.offline(d, ProfileType.CPU, p, Map.of());
                assertEquals(1, c.store().size());
            }
            given().port(c.httpPort()).get("/api/services").then().statusCode(401).body("error", containsString("Bearer"));
            given().port(c.httpPort()).get("/").then().statusCode(401);
            given().port(c.httpPort()).body(TestProfiles.service("a.B.c")).post("/ingest?name=svc").then().statusCode(401);
            given().port(c.httpPort()).header("Authorization", "Bearer nope-nope-nope-nope").get("/api/services").then().statusCode(401);
            given().port(c.httpPort()).header("Authorization", "Bearer " + TOKEN).get("/api/services")
                    .then().statusCode(200).body("[0].service", org.hamcrest.Matchers.equalTo("svc"));
            // a browser gets a cookie from /?token= and then uses the UI
            given().port(c.httpPort()).redirects().follow(false).get("/?token=" + TOKEN)
                    .then().statusCode(303).header("Set-Cookie", containsString("HttpOnly"));
            given().port(c.httpPort()).cookie("reqprof_token", TOKEN).get("/").then().statusCode(200);
        }
    }
}
