package io.reqprof.servlet;

import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.SampleType;
import io.reqprof.servlet.WebApp.Dump;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Async servlets: the request ends once, when its async cycle completes (or times out); work on
 * another thread is in the profile only when that thread brackets it; an ASYNC re-dispatch is part
 * of the same request; two filters on one request count it once.
 */
class AsyncTest {
    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void asyncRequestsEndOnceWithTheirBracketedWork(Container container, @TempDir Path work) throws Exception {
        try (WebApp app = WebApp.on(container, work).start()) {
            app.http().get("/async").then().statusCode(200);
            app.http().get("/async-unbracketed").then().statusCode(200);
            app.http().get("/async-dispatch").then().statusCode(200);

            Dump bracketed = app.awaitDumps(1, "/async").get(0);
            Dump unbracketed = app.awaitDumps(1, "/async-unbracketed").get(0);
            Dump dispatched = app.awaitDumps(1, "/async-dispatch").get(0);
            app.flush();
            assertEquals(3, app.index().size(), "one dump per request, each ended once: " + app.index());

            // elapsed runs until complete(), after the worker's 80 ms of CPU
            assertTrue(bracketed.elapsedMs() >= 80, bracketed.toString());
            Profile p = Profiles.read(bracketed.file(app.dumpDir, ".pb.gz"));
            assertTrue(Profiles.countIn(p, SampleType.CPU, "Work.asyncLoop") > 0, "bracketed worker thread's CPU attributed");

            // not bracketed: the request's time is right but the worker's samples are not its (attribution is by thread)
            assertTrue(unbracketed.elapsedMs() >= 80, unbracketed.toString());
            Profile u = Profiles.read(unbracketed.file(app.dumpDir, ".pb.gz"));
            assertEquals(0, Profiles.countIn(u, SampleType.CPU, "Work.unbracketedLoop"), "an unbracketed thread is not attributed");

            // the ASYNC re-dispatch ran the CPU loop on a container thread; it is bracketed as the same request
            assertEquals(200, dispatched.status());
            Profile d = Profiles.read(dispatched.file(app.dumpDir, ".pb.gz"));
            assertTrue(Profiles.countIn(d, SampleType.CPU, "Work.dispatchedLoop") > 0, "ASYNC dispatch's CPU attributed");
        }
    }

    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void anAsyncTimeoutEndsTheRequestAsAnError(Container container, @TempDir Path work) throws Exception {
        try (WebApp app = WebApp.on(container, work).start()) {
            int status = app.http().get("/async-timeout").statusCode();
            assertEquals(500, status, "containers answer an unhandled async timeout with 500");
            Dump d = app.awaitDumps(1, "/async-timeout").get(0);
            assertEquals(500, d.status());
            assertTrue(d.elapsedMs() >= 250, "ended at the 300 ms timeout: " + d);
            app.flush();
            assertEquals(1, app.index().size());
        }
    }

    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void twoFiltersOnOneRequestCountItOnce(Container container, @TempDir Path work) throws Exception {
        // both filters write to the same directory with the same settings: two dumps would show
        try (WebApp app = WebApp.on(container, work).filters(2).start()) {
            app.http().get("/api/users/9").then().statusCode(200);
            app.http().get("/async-dispatch").then().statusCode(200);
            app.awaitDumps(1, "/api/users/9");
            app.awaitDumps(1, "/async-dispatch");
            app.flush();
            List<Dump> all = app.index();
            assertEquals(2, all.size(), "each request dumped once: " + all);
        }
    }
}
