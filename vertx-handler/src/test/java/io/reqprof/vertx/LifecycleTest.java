package io.reqprof.vertx;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Started at boot, stopped by {@code vertx.close()}: the one-line {@link ReqprofHandler#create(Vertx)}
 * reads system properties, is shared by every router of the Vert.x instance, and closing Vert.x
 * writes the dumps of requests that have ended and stops profiling.
 */
class LifecycleTest {
    @Test
    void startsWithTheApplicationAndStopsWithVertxClose(@TempDir Path dir) throws Exception {
        System.setProperty("reqprof.profile-dir", dir.toString());
        System.setProperty("reqprof.chunk-period", "5s"); // so only close() can have written the dump in time
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        ReqprofHandler handler;
        try {
            handler = ReqprofHandler.create(vertx);
            assertSame(handler, ReqprofHandler.create(vertx), "one reqprof per Vert.x instance, shared by its routers");
            assertThrows(IllegalStateException.class, () -> ReqprofVertx.start(vertx, new JsonObject()));
            assertTrue(handler.profiler().enabled());
            Router router = Router.router(vertx);
            router.route().handler(handler);
            router.get("/hello").handler(ctx -> ctx.response().end("hello"));
            int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
            io.restassured.RestAssured.given().baseUri("http://127.0.0.1").port(port).get("/hello").then().statusCode(200);
            assertTrue(Dumps.index(dir).isEmpty(), "not written yet: samples are read every 5 s");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            System.clearProperty("reqprof.profile-dir");
            System.clearProperty("reqprof.chunk-period");
        }
        assertFalse(handler.profiler().enabled(), "vertx.close() stopped profiling");
        List<JsonObject> index = Dumps.index(dir);
        assertEquals(1, index.size(), "the ended request was written on close: " + index);
        assertEquals("/hello", index.get(0).getString("route"));
    }
}
