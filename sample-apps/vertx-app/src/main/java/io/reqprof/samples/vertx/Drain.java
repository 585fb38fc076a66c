package io.reqprof.samples.vertx;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests in flight and lets a stop wait for them: Vert.x 4.5's {@code HttpServer.close()}
 * cuts open connections, so the app's SIGTERM hook first refuses new requests ({@code 503} with
 * {@code Connection: close}, as Jetty's graceful stop does) and waits for those in flight. First on
 * the router.
 */
final class Drain implements Handler<RoutingContext> {
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    @Override
    public void handle(RoutingContext ctx) {
        if (stopping) {
            ctx.response().setStatusCode(503).putHeader("Connection", "close").putHeader("Retry-After", "1").end();
            return;
        }
        inFlight.incrementAndGet();
        ctx.addEndHandler(done -> inFlight.decrementAndGet()); // ended, failed or cut: once either way
        ctx.next();
    }

    /** Refuses requests from now on and waits up to {@code timeout} for those in flight; true when none is left. */
    boolean stop(Duration timeout) throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        return inFlight.get() == 0;
    }

    /** Requests being served now. */
    int inFlight() {
        return inFlight.get();
    }
}
