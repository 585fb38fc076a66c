package io.reqprof.quarkus.deployment.app;

import io.reqprof.quarkus.runtime.VertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Tells whether reqprof's HTTP filter saw this request and profiles it. */
@Path("/probe")
public class ProbeResource {

    /** {@code profiled} when the filter attached a profiled request to the routing context, else {@code plain}. */
    @GET
    public String probe(RoutingContext ctx) {
        return VertxRequest.of(ctx) != null ? "profiled" : "plain";
    }
}
