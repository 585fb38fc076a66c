package io.reqprof.vertx;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * A verticle that does nothing but close reqprof when it is undeployed, which {@code vertx.close()}
 * does to every verticle. Vert.x 4.5 and 5 have no other public close hook in common (the
 * {@code addCloseHook} methods are internal and live in different packages), and verticles are
 * undeployed before the worker pools stop, so the dumps of ended requests are still written.
 */
final class CloseWithVertx extends AbstractVerticle {
    private static final System.Logger LOG = System.getLogger("io.reqprof.vertx");

    private final AutoCloseable target;

    private CloseWithVertx(AutoCloseable target) {
        this.target = target;
    }

    static void deploy(Vertx vertx, AutoCloseable target) {
        // A Supplier: the one deployVerticle form whose erased signature is the same in 4.5 and 5.
        Supplier<Verticle> verticle = () -> new CloseWithVertx(target);
        vertx.deployVerticle(verticle, new DeploymentOptions()).onComplete(ar -> {
            if (ar.failed()) {
                LOG.log(Level.WARNING, "reqprof could not register for vertx.close(); call ReqprofVertx.close() yourself",
                        ar.cause());
            }
        });
    }

    @Override
    public void stop(Promise<Void> stopped) {
        // Closing flushes samples and waits for the dump writer: not work for an event loop.
        vertx.executeBlocking(() -> {
            target.close();
            return null;
        }).onComplete(ar -> {
            if (ar.failed()) LOG.log(Level.WARNING, "reqprof did not stop cleanly", ar.cause());
            stopped.complete();
        });
    }
}
