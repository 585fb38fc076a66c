package io.reqprof.samples.quarkus;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/process}: a blocking endpoint (a plain return type runs on a worker thread). */
@Path("/api/process")
public class ProcessResource {

    /** Crunches numbers for about {@code ms} milliseconds of CPU. */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String process(@QueryParam("ms") @DefaultValue("50") long ms) {
        long result = Crunch.crunchNumbers(Math.min(Math.max(ms, 0), 2_000));
        return "processed " + ms + " ms on " + Thread.currentThread().getName() + ": " + Long.toHexString(result) + "\n";
    }
}
