package io.reqprof.vertx;

import io.reqprof.core.web.ProfiledRequest;
import io.reqprof.core.web.WebProfiler;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.Callable;

/**
 * Attributes a request's later callbacks to it. {@link ReqprofHandler} brackets only the synchronous
 * handler chain; work a request does after it returned to the event loop is attributed when it is
 * wrapped:
 *
 * <pre>{@code
 * route.blockingHandler(Profiled.wrap(ctx -> report(ctx)));          // on a worker thread
 * vertx.setTimer(10, Profiled.wrap(id -> nextStep(ctx)));            // a later event-loop callback
 * vertx.executeBlocking(Profiled.wrap(() -> query()));               // a worker thread
 * client.get(...).send().onComplete(Profiled.wrap(ar -> use(ar)));   // a client response
 * }</pre>
 *
 * A wrapped callback runs inside a bracket of its request on whatever thread runs it. Which request:
 * the one current when {@code wrap} was called, else (for a route handler) the routing context's,
 * else the one whose context the callback runs on. Vert.x runs a request's timers, client callbacks
 * and {@code executeBlocking} tasks on the request's own context, so wrapping them anywhere in the
 * request's code works. Wrapping costs a map lookup when nothing is profiled; a callback that runs
 * after its request ended is not attributed.
 */
public final class Profiled {
    /** A request that is not profiled; every call on it does nothing. */
    static final ProfiledRequest NOT_PROFILED = WebProfiler.disabled().begin("GET", "/", h -> null);

    private Profiled() {
    }

    /**
     * The request whose callback is running on this thread, for bracketing by hand
     * ({@code long t = r.enter(); try { ... } finally { r.exit(t); }}); a no-op request when none is.
     */
    public static ProfiledRequest current() {
        VertxRequest r = ContextRequests.current();
        return r == null ? NOT_PROFILED : r.profiled;
    }

    /** The request a routing context serves; a no-op request when it is not profiled. */
    public static ProfiledRequest of(RoutingContext ctx) {
        VertxRequest r = of0(ctx);
        return r == null ? NOT_PROFILED : r.profiled;
    }

    private static VertxRequest of0(RoutingContext ctx) {
        return ctx != null && ctx.get(ReqprofHandler.KEY) instanceof VertxRequest r ? r : null;
    }

    /**
     * {@code handler}, bracketed for its request each time it runs. Works for route handlers
     * ({@code blockingHandler}, handlers after an asynchronous one such as {@code BodyHandler}) and
     * for any callback a request schedules.
     */
    public static <T> Handler<T> wrap(Handler<T> handler) {
        VertxRequest captured = ContextRequests.current();
        return event -> {
            VertxRequest r = resolve(captured, event);
            if (r == null || r.ended()) handler.handle(event);
            else r.run(() -> handler.handle(event));
        };
    }

    /** {@code work}, bracketed for its request when it runs, e.g. in {@code vertx.executeBlocking}. */
    public static <T> Callable<T> wrap(Callable<T> work) {
        VertxRequest captured = ContextRequests.current();
        return () -> {
            VertxRequest r = resolve(captured, null);
            return r == null || r.ended() ? work.call() : r.call(work);
        };
    }

    private static VertxRequest resolve(VertxRequest captured, Object event) {
        if (captured != null) return captured;
        VertxRequest r = event instanceof RoutingContext ctx ? of0(ctx) : null;
        return r != null ? r : ContextRequests.current();
    }
}
