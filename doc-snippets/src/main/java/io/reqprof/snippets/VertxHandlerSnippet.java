package io.reqprof.snippets;

import io.reqprof.vertx.ReqprofHandler;

/** vertx-handler/README.md: the one line. */
final class VertxHandlerSnippet {
    private VertxHandlerSnippet() {
    }

    static void run(io.vertx.core.Vertx vertx, io.vertx.ext.web.Router router) {
        // snippet:begin vertx-handler
        router.route().handler(ReqprofHandler.create(vertx));
        // snippet:end
    }
}
