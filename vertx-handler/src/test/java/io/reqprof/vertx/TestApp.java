package io.reqprof.vertx;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * A real Vert.x HTTP server on loopback with ONE event loop, so every request's callbacks interleave
 * on the same thread, and reqprof's handler first on the router. The same source compiles and runs
 * on Vert.x 4.5 (this module) and 5 (vertx5-test).
 */
final class TestApp implements AutoCloseable {
    /** CPU callbacks per /alpha or /beta request, separated by timers. */
    static final int CALLBACKS = 6;
    /** CPU per callback: 6 x 25 ms at a 5 ms interval is about 30 CPU samples per request. */
    static final long CALLBACK_CPU_MS = 25;
    static final long BLOCKING_CPU_MS = 120;

    final Vertx vertx;
    final ReqprofVertx reqprof;
    final Path dir;
    final int port;
    /** /alpha and /beta requests between their first and last callback, and the most seen at once. */
    static final AtomicInteger STEPPING = new AtomicInteger();
    static final AtomicInteger MAX_STEPPING = new AtomicInteger();
    /** Counted down when /slow or /stream has the request, so a test knows when to hang up. */
    final CountDownLatch slowArrived = new CountDownLatch(1);

    private TestApp(Vertx vertx, ReqprofVertx reqprof, Path dir, int port) {
        this.vertx = vertx;
        this.reqprof = reqprof;
        this.dir = dir;
        this.port = port;
    }

    /** Sampling every 5 ms (like core's attribution tests), chunks read every 200 ms, dumps to {@code dir}. */
    static JsonObject config(Path dir) {
        return new JsonObject()
                .put("reqprof.engine", "async")
                .put("cpu-interval", "5ms")
                .put("chunk-period", "200ms")
                .put("profile-dir", dir.toString());
    }

    static TestApp start(Path dir, JsonObject config) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            ReqprofVertx reqprof = ReqprofVertx.start(vertx, config);
            TestApp[] self = new TestApp[1];
            Router router = Router.router(vertx);
            router.route().handler(reqprof.handler());
            router.get("/alpha").handler(ctx -> steps(ctx, Work::alphaWork, 0));
            router.get("/beta").handler(ctx -> steps(ctx, Work::betaWork, 0));
            router.get("/blocking").blockingHandler(Profiled.wrap(ctx -> {
                Work.blockingHandlerWork(BLOCKING_CPU_MS);
                ctx.response().end("blocking");
            }));
            router.get("/execute-blocking").handler(ctx -> ctx.vertx()
                    .executeBlocking(Profiled.wrap(() -> Work.executeBlockingWork(BLOCKING_CPU_MS)))
                    .onComplete(ar -> ctx.response().end("executed " + ar.succeeded())));
            router.get("/slow").handler(ctx -> {
                self[0].slowArrived.countDown();
                vertx.setTimer(10_000, id -> endIfOpen(ctx));
            });
            router.get("/stream").handler(ctx -> {
                ctx.response().setChunked(true).write("first part\n");
                self[0].slowArrived.countDown();
                vertx.setTimer(10_000, id -> endIfOpen(ctx));
            });
            router.get("/api/users/:id").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
                    .end(new JsonObject().put("id", ctx.pathParam("id")).encode()));
            router.get("/api/reroute").handler(ctx -> ctx.reroute("/api/users/7"));
            Router sub = Router.router(vertx);
            sub.route().handler(reqprof.handler());
            sub.get("/items/:item").handler(ctx -> ctx.response().end("item " + ctx.pathParam("item")));
            router.route("/api/sub/*").subRouter(sub);
            router.get("/other").handler(ctx -> ctx.response().end("other"));
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            self[0] = new TestApp(vertx, reqprof, dir, server.actualPort());
            return self[0];
        } catch (Exception | Error e) {
            vertx.close();
            throw e;
        }
    }

    /**
     * One CPU callback, then a 1 ms timer to the next: the event loop serves other requests' callbacks
     * in between. The timer callbacks are wrapped, so their CPU is attributed to this request.
     */
    private static void steps(RoutingContext ctx, LongFunction<Double> work, int step) {
        if (step == 0) MAX_STEPPING.accumulateAndGet(STEPPING.incrementAndGet(), Math::max);
        double result = work.apply(CALLBACK_CPU_MS);
        if (step + 1 < CALLBACKS) {
            ctx.vertx().setTimer(1, Profiled.wrap(id -> steps(ctx, work, step + 1)));
        } else {
            STEPPING.decrementAndGet();
            ctx.response().end(Double.isNaN(result) ? "NaN" : "done");
        }
    }

    private static void endIfOpen(RoutingContext ctx) {
        if (!ctx.response().closed() && !ctx.response().ended()) ctx.response().end();
    }

    RequestSpecification http() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(port);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
