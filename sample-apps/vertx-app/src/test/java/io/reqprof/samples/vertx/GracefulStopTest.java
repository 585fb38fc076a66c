package io.reqprof.samples.vertx;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app's stop (what its SIGTERM hook does) refuses new requests and lets the one in flight finish. */
class GracefulStopTest {
    @Test
    void aStopLetsTheRequestInFlightFinish() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                Vertx vertx = Vertx.vertx();
                Drain drain = new Drain();
                int port = VertxApp.start(vertx, 0, false, drain).actualPort();
                // /api/process: a CPU loop, then a 100 ms timer
                Future<String> answer = pool.submit(() -> given().port(port).get("/api/process").then().statusCode(200)
                        .extract().asString());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (drain.inFlight() == 0 && !answer.isDone() && System.nanoTime() < deadline) Thread.sleep(1);
                boolean inFlight = drain.inFlight() > 0;
                assertTrue(drain.stop(Duration.ofSeconds(10)), "the request in flight finished within the stop timeout");
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertTrue(answer.get(30, TimeUnit.SECONDS).length() > 0);
                if (inFlight) return;
                // answered before the stop began: that proves nothing, so again
            }
            throw new AssertionError("no request was caught in flight in 5 attempts");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whileStoppingNewRequestsGet503() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Drain drain = new Drain();
            HttpServer server = VertxApp.start(vertx, 0, false, drain);
            assertTrue(drain.stop(Duration.ofSeconds(1)));
            given().port(server.actualPort()).get("/").then().statusCode(503).header("Retry-After", "1");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
