package io.reqprof.samples.quarkus;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /}: a cheap blocking endpoint. */
@Path("/")
public class RootResource {

    /** A short text naming the endpoints. */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String index() {
        return "reqprof Quarkus sample: GET /api/process?ms=50 (blocking, worker thread), GET /api/users/{id} (reactive, event loop)\n";
    }
}
