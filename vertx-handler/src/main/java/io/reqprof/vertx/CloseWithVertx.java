package io.reqprof.vertx;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;

import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        var deployed = vertx.deployVerticle(verticle, new DeploymentOptions()).onComplete(ar -> {
            if (ar.failed()) {
                LOG.log(Level.WARNING, "reqprof could not register for vertx.close(); call ReqprofVertx.close() yourself",
                        ar.cause());
            }
        });
        // Off Vert.x threads (a main method), wait for the deployment: a vertx.close() right after start
        // would otherwise race it and never undeploy this verticle. On an event loop, waiting would block it.
        if (Vertx.currentContext() == null) {
            try {
                deployed.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // logged by the handler above, or still pending: closing by ReqprofVertx.close() remains
            }
        }
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
