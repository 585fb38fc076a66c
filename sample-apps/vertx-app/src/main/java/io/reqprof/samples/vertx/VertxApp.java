package io.reqprof.samples.vertx;

import io.reqprof.core.config.Settings;
import io.reqprof.vertx.ReqprofVertx;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x sample: a vertx-web application with reqprof's handler first on its router, writing one
 * profile per request to {@code ./reqprof-dumps} unless {@code reqprof.profile-dir} (system property
 * or {@code REQPROF_PROFILE_DIR}) says otherwise.
 *
 * <pre>
 * java -jar reqprof-sample-vertx.jar [port] [--without-handler]
 * </pre>
 * Port 0 (the default) picks a free one; the URL is printed either way. {@code --without-handler}
 * serves the same endpoints with no reqprof at all: the load benchmark's baseline.
 */
public final class VertxApp {
    /** The sample's own defaults, below every operator setting. */
    static final Settings DEFAULTS = Settings.of("vertx-app default", Map.of(
            "reqprof.profile-dir", "reqprof-dumps",
            "reqprof.formats", "pprof,collapsed,html"));

    private VertxApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        boolean withHandler = true;
        for (String a : args) {
            if (a.equals("--without-handler")) withHandler = false;
            else port = Integer.parseInt(a);
        }
        Vertx vertx = Vertx.vertx();
        HttpServer server = start(vertx, port, withHandler);
        System.out.println("vertx-app listening on http://127.0.0.1:" + server.actualPort() + "/"
                + (withHandler ? "" : " (reqprof handler not installed)"));
        System.out.flush();
        // vertx.close() undeploys reqprof's close hook, which writes the dumps of ended requests
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "vertx-app-shutdown"));
    }

    /** Serves the endpoints on loopback {@code port}; {@code withHandler} false leaves reqprof out entirely. */
    static HttpServer start(Vertx vertx, int port, boolean withHandler) throws Exception {
        Router router = Router.router(vertx);
        if (withHandler) {
            ReqprofVertx reqprof = ReqprofVertx.start(vertx, Settings.fromSystem().orElse(DEFAULTS));
            router.route().handler(reqprof.handler());
        }
        Endpoints.addTo(router);
        return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
