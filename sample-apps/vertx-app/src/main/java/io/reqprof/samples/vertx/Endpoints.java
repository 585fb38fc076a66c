package io.reqprof.samples.vertx;

import io.reqprof.vertx.Profiled;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The servlet sample's endpoints, written the Vert.x way: nothing blocks the event loop, waits are
 * timers, and every later callback is wrapped with {@link Profiled#wrap} so its work lands in its
 * request's profile. Each CPU-heavy endpoint has its own method name, so profiles are easy to tell apart.
 */
final class Endpoints {
    private static final int COUNT = 100_000;
    /** /api/steps: this many CPU callbacks, separated by timers. */
    static final int STEPS = 4;

    private Endpoints() {
    }

    static void addTo(Router router) {
        router.get("/").handler(Endpoints::root);
        router.get("/api/process").handler(Endpoints::process);
        router.get("/api/users/:id").handler(Endpoints::user);
        router.get("/api/steps").handler(ctx -> step(ctx, 0, 0));
        router.get("/api/report").blockingHandler(Profiled.wrap(Endpoints::report));
    }

    /** {@code /}: builds 100,000 random numbers, sorts and sums them, then waits 10 ms on a timer (like a small DB call). */
    private static void root(RoutingContext ctx) {
        long sum = sortAndSum(randomNumbers());
        ctx.vertx().setTimer(10, Profiled.wrap(id -> json(ctx, new JsonObject().put("count", COUNT).put("sum", sum))));
    }

    static double[] randomNumbers() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        double[] numbers = new double[COUNT];
        for (int i = 0; i < numbers.length; i++) numbers[i] = r.nextDouble();
        return numbers;
    }

    static long sortAndSum(double[] numbers) {
        Arrays.sort(numbers);
        double sum = 0;
        for (double n : numbers) sum += n;
        return Math.round(sum);
    }

    /** {@code /api/process}: a CPU loop ({@link #cpuLoop}, on top of its profile), then a 100 ms timer. */
    private static void process(RoutingContext ctx) {
        long result = cpuLoop(30_000_000);
        ctx.vertx().setTimer(100, Profiled.wrap(id -> json(ctx, new JsonObject().put("result", result))));
    }

    /** About 30 ms of integer arithmetic the JIT cannot remove (the result is returned). */
    static long cpuLoop(int iterations) {
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /** {@code /api/users/:id}: a small JSON document; 404 for an id that is not a number. */
    private static void user(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches("\\d{1,9}")) {
            ctx.response().setStatusCode(404).end("no such user\n");
            return;
        }
        json(ctx, new JsonObject().put("id", Long.parseLong(id)).put("name", "user-" + id));
    }

    /**
     * {@code /api/steps}: {@value #STEPS} callbacks of CPU work ({@link #stepWork}) with 5 ms timers in
     * between, so concurrent requests interleave on one event loop and each profile still shows only
     * its own callbacks.
     */
    private static void step(RoutingContext ctx, int step, long acc) {
        long result = acc ^ stepWork(4_000_000);
        if (step + 1 < STEPS) {
            ctx.vertx().setTimer(5, Profiled.wrap(id -> step(ctx, step + 1, result)));
        } else {
            json(ctx, new JsonObject().put("steps", STEPS).put("result", result));
        }
    }

    /** A few milliseconds of CPU per call, under a name of its own. */
    static long stepWork(int iterations) {
        long x = 0xC2B2AE3D27D4EB4FL;
        for (int i = 0; i < iterations; i++) x = Long.rotateLeft(x * 0x9E3779B97F4A7C15L, 31) + i;
        return x;
    }

    /** {@code /api/report}: CPU work on a worker thread ({@code blockingHandler}), attributed through {@link Profiled#wrap}. */
    private static void report(RoutingContext ctx) {
        json(ctx, new JsonObject().put("report", reportWork(10_000_000)));
    }

    static long reportWork(int iterations) {
        long x = 1;
        for (int i = 1; i < iterations; i++) x = x * 31 + (x >>> 7) % i;
        return x;
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        if (ctx.response().closed()) return; // the client went away during a timer
        ctx.response().putHeader("content-type", "application/json").end(body.encode() + "\n");
    }
}
