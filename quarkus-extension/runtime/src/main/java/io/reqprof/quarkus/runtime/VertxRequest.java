package io.reqprof.quarkus.runtime;

import io.reqprof.core.web.ProfiledRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * One profiled request as the Vert.x filter and the REST handlers share it, kept in the
 * {@link RoutingContext} under {@link #KEY}. Knows which thread is inside the filter's bracket right
 * now, so a REST handler can tell whether its thread is already bracketed.
 */
public final class VertxRequest {
    /** Key of this object in {@link RoutingContext#data()}. */
    public static final String KEY = "io.reqprof.request";

    private final ProfiledRequest request;
    private volatile Thread inFilterBracket;

    VertxRequest(ProfiledRequest request) {
        this.request = request;
    }

    /** The profiled request of {@code ctx}, or null when it is not profiled. */
    public static VertxRequest of(RoutingContext ctx) {
        return ctx == null ? null : ctx.get(KEY);
    }

    /** reqprof's handle on the request. */
    public ProfiledRequest request() {
        return request;
    }

    /** Whether the current thread runs inside the filter's bracket of this request. */
    public boolean bracketedHere() {
        return inFilterBracket == Thread.currentThread();
    }

    /** Runs the rest of the route chain inside a bracket on the current (event-loop) thread. */
    void runBracketed(RoutingContext ctx) {
        long token = request.enter();
        inFilterBracket = Thread.currentThread();
        try {
            ctx.next();
        } finally {
            inFilterBracket = null;
            request.exit(token);
        }
    }
}
