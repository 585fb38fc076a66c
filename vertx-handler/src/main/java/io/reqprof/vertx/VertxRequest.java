package io.reqprof.vertx;

import io.reqprof.core.web.ProfiledRequest;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One profiled request as the handler tracks it: its {@link ProfiledRequest}, the Vert.x context its
 * callbacks run on, and the brackets around those callbacks. Brackets are opened per callback, on
 * whatever thread runs it, never across the whole request: an event loop runs other requests'
 * callbacks in between.
 */
final class VertxRequest {
    /** The request whose bracket is open on this thread, so nested wrapped callbacks do not bracket twice. */
    private static final ThreadLocal<VertxRequest> INSIDE = new ThreadLocal<>();

    final ProfiledRequest profiled;
    /** When the handler began the request ({@link System#nanoTime()}), to drop leaked entries. */
    final long begunNanos = System.nanoTime();
    /** The request's own (duplicated) context; the key under which {@link ContextRequests} finds it. */
    final Context context;
    private final AtomicBoolean ended = new AtomicBoolean();
    /**
     * The innermost routing context that reached a reqprof handler: the request's own, or a
     * sub-router's when the handler is also added there, so {@code {route}} can name the sub-router's route.
     */
    private volatile RoutingContext routing;
    private volatile boolean serverTimingAdded;

    VertxRequest(ProfiledRequest profiled, Context context, RoutingContext routing) {
        this.profiled = profiled;
        this.context = context;
        this.routing = routing;
    }

    /** The request whose callback this thread is running inside a reqprof bracket, or null. */
    static VertxRequest inside() {
        return INSIDE.get();
    }

    void routedBy(RoutingContext ctx) {
        routing = ctx;
    }

    boolean ended() {
        return ended.get();
    }

    /**
     * Sets the route matched so far, before the request ends: continuous profiles label samples with
     * their request's route as the samples are read, which for a long request is before its end.
     */
    void noteRoute() {
        if (ended.get()) return;
        String route = route(routing);
        if (route != null) profiled.route(route);
    }

    /** Runs {@code work} inside a bracket of this request on the current thread. */
    void run(Runnable work) {
        VertxRequest outer = INSIDE.get();
        if (outer == this) {
            work.run(); // already inside this request's bracket (a wrapped callback called synchronously)
            return;
        }
        long token = profiled.enter();
        INSIDE.set(this);
        try {
            work.run();
        } finally {
            INSIDE.set(outer);
            exit(token);
        }
    }

    /** Like {@link #run} for work that returns a value or throws. */
    <T> T call(Callable<T> work) throws Exception {
        VertxRequest outer = INSIDE.get();
        if (outer == this) return work.call();
        long token = profiled.enter();
        INSIDE.set(this);
        try {
            return work.call();
        } finally {
            INSIDE.set(outer);
            exit(token);
        }
    }

    private void exit(long token) {
        // end() already closed the open brackets at the end time (the response was sent from inside this
        // callback); closing it again now would stretch it past the end of the request.
        if (!ended.get()) profiled.exit(token);
    }

    /**
     * Headers are about to be written: add {@code Server-Timing} naming the profile. Added with
     * {@code add}, not {@code set}, so an application's own Server-Timing entries stay.
     */
    void headersEnd(HttpServerResponse response) {
        String timing = profiled.serverTimingValue();
        if (timing == null || serverTimingAdded) return;
        serverTimingAdded = true;
        response.headers().add("Server-Timing", timing);
    }

    /**
     * Ends the request exactly once, from the routing context's end handler: after the response was
     * written ({@code succeeded}), or when the connection closed or failed first. The status is what
     * the client saw: the response's status once its head was written, else 0.
     */
    void end(boolean succeeded) {
        if (!ended.compareAndSet(false, true)) return;
        try {
            RoutingContext ctx = routing;
            HttpServerResponse response = ctx.response();
            int status = succeeded || response.headWritten() ? response.getStatusCode() : 0;
            profiled.route(route(ctx));
            profiled.end(status);
        } finally {
            ContextRequests.remove(this);
        }
    }

    /**
     * The route pattern that served the request ({@code /api/users/:id}), prefixed with the mount
     * point of a sub-router; a regex route gives its pattern (or the name set on it); null when the
     * route has neither (the file name then uses the path).
     */
    static String route(RoutingContext ctx) {
        Route r = ctx.currentRoute();
        if (r == null) return null;
        String pattern = r.getPath();
        if (pattern == null) pattern = r.getName();
        if (pattern == null) return null;
        String mount = ctx.mountPoint();
        if (mount == null || mount.isEmpty() || mount.equals("/")) return pattern;
        return mount.endsWith("/") && pattern.startsWith("/") ? mount + pattern.substring(1) : mount + pattern;
    }
}
