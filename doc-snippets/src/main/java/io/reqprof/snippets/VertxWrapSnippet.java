package io.reqprof.snippets;

import io.reqprof.vertx.Profiled;

/** vertx-handler/README.md: a request's later callbacks. */
final class VertxWrapSnippet {
    private VertxWrapSnippet() {
    }

    static void run(io.vertx.core.Vertx vertx, io.vertx.ext.web.Router router) {
        // snippet:begin vertx-wrap
        router.get("/api/steps").handler(ctx -> {
          step1();                                                      // bracketed by the handler
          vertx.setTimer(5, Profiled.wrap(id -> {                        // bracketed when it fires
            step2();
            vertx.executeBlocking(Profiled.wrap(() -> report()))         // bracketed on the worker thread
                 .onComplete(Profiled.wrap(ar -> ctx.response().end())); // and back on the event loop
          }));
        });
        // snippet:end
    }

    private static void step1() {
    }

    private static void step2() {
    }

    private static String report() {
        return "";
    }
}
