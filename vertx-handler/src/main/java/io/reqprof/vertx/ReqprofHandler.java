package io.reqprof.vertx;

import io.reqprof.core.web.ProfiledRequest;
import io.reqprof.core.web.WebProfiler;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Profiles each request a vertx-web {@code Router} serves, the Vert.x counterpart of werkzeug's
 * {@code ProfilerMiddleware}. Add it first:
 *
 * <pre>{@code
 * router.route().handler(ReqprofHandler.create(vertx));
 * }</pre>
 *
 * For each request it asks the core whether to profile it (methods, paths, 1-in-N, trigger header),
 * brackets the synchronous rest of the handler chain on the event loop (everything the following
 * handlers do before they return), adds {@code Server-Timing} when the response head is written,
 * and ends the request from the routing context's end handler, which Vert.x calls once the response
 * is written or the connection closed, whichever comes first. The route pattern that served the
 * request fills {@code {route}}.
 *
 * <p>Work a request does in later callbacks (timers, client responses, {@code blockingHandler},
 * {@code executeBlocking}) is attributed when it is wrapped with {@link Profiled#wrap}; see
 * {@link Profiled} and the module's README for what is and is not attributed.
 *
 * <p>Added again on a sub-router, or reached again after {@code ctx.reroute(...)}, it only brackets:
 * the request is profiled once, and {@code {route}} then names the sub-router's route.
 */
public final class ReqprofHandler implements Handler<RoutingContext> {
    /** Routing context key holding the request's state, or {@link #NOT_SELECTED}. */
    static final String KEY = "io.reqprof.vertx.request";
    /** Marks a request the selection rules left out, so a second handler (sub-router) does not ask again. */
    private static final Object NOT_SELECTED = new Object();

    private final WebProfiler profiler;

    ReqprofHandler(WebProfiler profiler) {
        this.profiler = profiler;
    }

    /**
     * The handler of reqprof for {@code vertx}: the running {@link ReqprofVertx}'s, or a new one's
     * configured by system properties and environment variables, stopped by {@code vertx.close()}.
     */
    public static ReqprofHandler create(Vertx vertx) {
        return ReqprofVertx.runningOrStart(vertx).handler();
    }

    /** Starts reqprof for {@code vertx} with {@code config} (see {@link ReqprofVertx}) and returns its handler. */
    public static ReqprofHandler create(Vertx vertx, JsonObject config) {
        return ReqprofVertx.start(vertx, config).handler();
    }

    @Override
    public void handle(RoutingContext ctx) {
        Object seen = ctx.get(KEY);
        if (seen != null) {
            if (seen instanceof VertxRequest again) reenter(ctx, again);
            else ctx.next();
            return;
        }
        WebProfiler p = profiler;
        if (!p.enabled()) {
            ctx.next();
            return;
        }
        ProfiledRequest profiled = begin(p, ctx);
        if (!profiled.profiled()) {
            ctx.put(KEY, NOT_SELECTED); // counted once by 1-in-N, even with a second handler on a sub-router
            ctx.next();
            return;
        }
        VertxRequest r = new VertxRequest(profiled, Vertx.currentContext(), ctx);
        ctx.put(KEY, r);
        ContextRequests.add(r);
        ctx.addEndHandler(ar -> r.end(ar.succeeded()));
        if (profiled.serverTimingValue() != null) ctx.addHeadersEndHandler(v -> r.headersEnd(ctx.response()));
        r.run(ctx::next);
        r.noteRoute();
    }

    private static ProfiledRequest begin(WebProfiler p, RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        // the decoded, normalized path (werkzeug's PATH_INFO); the core makes it safe for file names
        return p.begin(req.method().name(), ctx.normalizedPath(), req::getHeader);
    }

    /** A sub-router's copy of this handler, or the chain restarted by {@code reroute}. */
    private static void reenter(RoutingContext ctx, VertxRequest r) {
        if (r.ended()) {
            ctx.next();
            return;
        }
        r.routedBy(ctx);
        // reroute() drops the headers-end handlers added so far; adding again is harmless (it adds once)
        if (r.profiled.serverTimingValue() != null) ctx.addHeadersEndHandler(v -> r.headersEnd(ctx.response()));
        r.run(ctx::next);
    }

    /** The profiler this handler reports to. */
    public WebProfiler profiler() {
        return profiler;
    }
}
