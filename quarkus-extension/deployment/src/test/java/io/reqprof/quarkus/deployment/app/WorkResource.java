package io.reqprof.quarkus.deployment.app;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Endpoints of the tests: one blocking (worker thread), one reactive (event loop, {@code Uni}). */
@Path("/work")
public class WorkResource {

    /** A blocking signature: Quarkus REST runs it on a worker thread. */
    @GET
    @Path("/blocking/{ms}")
    public String blocking(@PathParam("ms") long ms) {
        Work.burnOnWorker(ms);
        return Thread.currentThread().getName();
    }

    /** Returns a {@code Uni}: Quarkus REST runs it on the event loop. */
    @GET
    @Path("/reactive/{ms}")
    public Uni<String> reactive(@PathParam("ms") long ms) {
        return Uni.createFrom().item(() -> {
            Work.burnOnEventLoop(ms);
            return Thread.currentThread().getName();
        });
    }
}
