package io.reqprof.samples.quarkus;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/users/{id}}: a reactive endpoint (returns {@code Uni}, runs on the event loop). */
@Path("/api/users")
public class UserResource {

    /** The user's record as text. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> user(@PathParam("id") long id) {
        return Uni.createFrom().item(() -> "user " + id + " " + Crunch.renderUser(id) + " on " + Thread.currentThread().getName() + "\n");
    }
}
