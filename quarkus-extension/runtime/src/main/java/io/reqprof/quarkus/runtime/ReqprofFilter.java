package io.reqprof.quarkus.runtime;

import io.reqprof.core.web.ProfiledRequest;
import io.reqprof.core.web.WebProfiler;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The Vert.x filter in front of every HTTP route: begins a request with reqprof (whose selection
 * rules decide whether it is profiled), brackets the synchronous part of the route chain on the
 * event loop, and ends the request with its status when the response has been sent. Work the
 * chain hands to a worker thread is bracketed there by the REST handlers
 * ({@code io.reqprof.quarkus.runtime.rest}).
 */
public final class ReqprofFilter implements Handler<RoutingContext> {
    /** Filter priority: ahead of the other filters, so their work counts for the request too. */
    public static final int PRIORITY = 10_000;

    @Override
    public void handle(RoutingContext ctx) {
        ReqprofRuntime runtime = ReqprofRuntime.current();
        WebProfiler profiler = runtime == null ? null : runtime.web();
        if (profiler == null || !profiler.enabled()) {
            ctx.next();
            return;
        }
        HttpServerRequest req = ctx.request();
        ProfiledRequest r = profiler.begin(req.method().name(), req.path(), req::getHeader);
        if (!r.profiled()) {
            ctx.next();
            return;
        }
        VertxRequest vr = new VertxRequest(r);
        ctx.put(VertxRequest.KEY, vr);
        String timing = r.serverTimingValue();
        if (timing != null) ctx.response().headers().add("Server-Timing", timing);
        ctx.addEndHandler(done -> r.end(done.succeeded() ? ctx.response().getStatusCode() : 0));
        vr.runBracketed(ctx);
    }
}
