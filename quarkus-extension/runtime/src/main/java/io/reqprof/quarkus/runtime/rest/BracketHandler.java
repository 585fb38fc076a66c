package io.reqprof.quarkus.runtime.rest;

import io.reqprof.core.web.ProfiledRequest;
import io.reqprof.quarkus.runtime.VertxRequest;
import io.vertx.ext.web.RoutingContext;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ServerRestHandler;

/**
 * Makes sure the thread now running the request's handler chain is bracketed. On the event loop,
 * inside the HTTP filter's {@code ctx.next()}, it is already; on a worker thread (blocking endpoints)
 * or in a later event-loop callback (the chain resumed after a {@code Uni} or
 * {@code CompletionStage} completed) it opens a bracket that closes when the chain completes on
 * that thread, which is where Quarkus REST runs its completion callbacks.
 */
final class BracketHandler implements ServerRestHandler {
    static final BracketHandler INSTANCE = new BracketHandler();
    private static final String OPEN_ON = "io.reqprof.bracket-thread";

    private BracketHandler() {
    }

    @Override
    public void handle(ResteasyReactiveRequestContext rc) {
        VertxRequest vr = VertxRequest.of(rc.serverRequest().unwrap(RoutingContext.class));
        if (vr == null || vr.bracketedHere()) return;
        Thread current = Thread.currentThread();
        if (rc.getProperty(OPEN_ON) == current) return;
        rc.setProperty(OPEN_ON, current);
        ProfiledRequest r = vr.request();
        long token = r.enter();
        rc.registerCompletionCallback(failure -> r.exit(token));
    }
}
