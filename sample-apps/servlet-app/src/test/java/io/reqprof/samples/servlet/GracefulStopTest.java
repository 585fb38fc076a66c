package io.reqprof.samples.servlet;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping the app (what its SIGTERM hook does) lets a request in flight finish with its answer. */
class GracefulStopTest {
    @Test
    void aStopLetsTheRequestInFlightFinish() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                Server server = ServletApp.start(0, false);
                int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
                GracefulHandler graceful = server.getDescendant(GracefulHandler.class);
                // /api/process takes ~30 ms of CPU and 100 ms of sleep
                Future<String> answer = pool.submit(() -> given().port(port).get("/api/process").then().statusCode(200)
                        .extract().asString());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (graceful.getCurrentRequestCount() == 0 && !answer.isDone() && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                boolean inFlight = graceful.getCurrentRequestCount() > 0;
                server.stop();
                assertTrue(answer.get(30, TimeUnit.SECONDS).contains("\"result\""));
                if (inFlight) {
                    assertEquals(0, graceful.getCurrentRequestCount());
                    return;
                }
                // the request finished before the stop began: that proves nothing, so again
            }
            throw new AssertionError("no request was caught in flight in 5 attempts");
        } finally {
            pool.shutdownNow();
        }
    }
}
