package io.reqprof.snippets;

import io.reqprof.vertx.ReqprofVertx;
import io.vertx.core.json.JsonObject;

/** vertx-handler/README.md: configuration in code, from a verticle's {@code config()}. */
final class VertxStartSnippet extends io.vertx.core.AbstractVerticle {
    private final io.vertx.ext.web.Router router;

    VertxStartSnippet(io.vertx.ext.web.Router router) {
        this.router = router;
    }

    @Override
    public void start() {
        // snippet:begin vertx-start
        ReqprofVertx reqprof = ReqprofVertx.start(vertx, config().getJsonObject("reqprof", new JsonObject()));
        router.route().handler(reqprof.handler());
        // snippet:end
    }
}
