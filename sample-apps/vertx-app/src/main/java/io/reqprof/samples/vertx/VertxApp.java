package io.reqprof.samples.vertx;

import io.reqprof.core.config.Settings;
import io.reqprof.vertx.ReqprofVertx;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.time.Duration;
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

    /** How long a stop waits for requests in flight. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

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
        Drain drain = new Drain();
        HttpServer server = start(vertx, port, withHandler, drain);
        System.out.println("vertx-app listening on http://127.0.0.1:" + server.actualPort() + "/"
                + (withHandler ? "" : " (reqprof handler not installed)"));
        System.out.flush();
        // requests in flight finish first; vertx.close() then undeploys reqprof's close hook, which
        // writes the dumps of ended requests
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                drain.stop(STOP_TIMEOUT);
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "vertx-app-shutdown"));
    }

    /**
     * Serves the endpoints on loopback {@code port} behind {@code drain}; {@code withHandler} false
     * leaves reqprof out entirely.
     */
    static HttpServer start(Vertx vertx, int port, boolean withHandler, Drain drain) throws Exception {
        Router router = Router.router(vertx);
        router.route().handler(drain);
        if (withHandler) {
            ReqprofVertx reqprof = ReqprofVertx.start(vertx, Settings.fromSystem().orElse(DEFAULTS));
            router.route().handler(reqprof.handler());
        }
        Endpoints.addTo(router);
        return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
