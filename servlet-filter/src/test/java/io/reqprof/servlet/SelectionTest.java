package io.reqprof.servlet;

import io.reqprof.servlet.WebApp.Dump;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which requests are dumped, through the filter on a real container: the filter must hand the core
 * the method, the path, the headers and the final status for these rules to work. Each test waits
 * for the dumps it expects, then flushes, so a dump that should not exist has had every chance to.
 */
class SelectionTest {
    private static final String SECRET = "0123456789abcdef-test-secret";

    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void minElapsed(Container container, @TempDir Path work) throws Exception {
        try (WebApp app = WebApp.on(container, work).filterParam("reqprof.min-elapsed", "150ms").start()) {
            app.http().get("/sleep?ms=10").then().statusCode(200);
            app.http().get("/sleep?ms=250").then().statusCode(200);
            app.awaitDumps(1, "/sleep");
            app.flush();
            List<Dump> all = app.index();
            assertEquals(1, all.size(), all.toString());
            assertTrue(all.get(0).elapsedMs() >= 250, all.toString());
        }
    }

    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void includeExcludeAndMethods(Container container, @TempDir Path work) throws Exception {
        try (WebApp app = WebApp.on(container, work)
                .filterParam("reqprof.include-paths", "/api/**")
                .filterParam("reqprof.exclude-paths", "/api/users/secret*")
                .filterParam("reqprof.methods", "GET,POST")
                .start()) {
            app.http().get("/api/users/1").then().statusCode(200);
            app.http().post("/api/users/2").then().statusCode(200);
            app.http().delete("/api/users/3").then().statusCode(200);
            app.http().get("/api/users/secret-7").then().statusCode(200);
            app.http().get("/sleep?ms=1").then().statusCode(200);
            app.awaitDumps(2, d -> true);
            app.flush();
            assertEquals(List.of("GET /api/users/1", "POST /api/users/2"),
                    app.index().stream().map(d -> d.method() + " " + d.path()).sorted().toList());
        }
    }

    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void onlyServerErrors(Container container, @TempDir Path work) throws Exception {
        try (WebApp app = WebApp.on(container, work).filterParam("reqprof.status", "5xx").start()) {
            app.http().get("/status/200").then().statusCode(200);
            app.http().get("/status/404").then().statusCode(404);
            app.http().get("/status/503").then().statusCode(503);
            app.http().get("/fail").then().statusCode(500); // an exception out of the servlet is a 500 too
            app.awaitDumps(2, d -> true);
            app.flush();
            assertEquals(List.of("/fail 500", "/status/503 503"),
                    app.index().stream().map(d -> d.path() + " " + d.status()).sorted().toList());
        }
    }

    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void oneInN(Container container, @TempDir Path work) throws Exception {
        try (WebApp app = WebApp.on(container, work).filterParam("reqprof.sample-one-in", "3").start()) {
            for (int i = 1; i <= 9; i++) app.http().get("/api/users/" + i).then().statusCode(200);
            app.awaitDumps(3, d -> true);
            app.flush();
            assertEquals(List.of("/api/users/1", "/api/users/4", "/api/users/7"),
                    app.index().stream().map(Dump::path).sorted().toList());
        }
    }

    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void capPerMinute(Container container, @TempDir Path work) throws Exception {
        try (WebApp app = WebApp.on(container, work).filterParam("reqprof.max-dumps-per-minute", "2").start()) {
            long minute = System.currentTimeMillis() / 60_000;
            for (int i = 1; i <= 5; i++) app.http().get("/api/users/" + i).then().statusCode(200);
            app.awaitDumps(2, d -> true);
            app.flush();
            int dumps = app.index().size();
            if (System.currentTimeMillis() / 60_000 == minute) assertEquals(2, dumps);
            else assertTrue(dumps >= 2 && dumps <= 4, "the test straddled a minute: two caps of 2, got " + dumps);
        }
    }

    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void triggerHeaderWithTheRightSecretOnly(Container container, @TempDir Path work) throws Exception {
        // methods=PATCH: no GET is ever dumped, unless the trigger forces it
        try (WebApp app = WebApp.on(container, work)
                .filterParam("reqprof.methods", "PATCH")
                .filterParam("reqprof.trigger-secret", SECRET)
                .start()) {
            app.http().header("X-Reqprof-Trigger", SECRET).get("/api/users/right").then().statusCode(200);
            app.http().header("X-Reqprof-Trigger", SECRET.replace('f', 'g')).get("/api/users/wrong").then().statusCode(200);
            app.http().header("X-Reqprof-Trigger", SECRET.substring(0, 16)).get("/api/users/prefix").then().statusCode(200);
            app.http().get("/api/users/none").then().statusCode(200);
            Dump d = app.awaitDumps(1, d2 -> true).get(0);
            app.flush();
            assertEquals(1, app.index().size(), app.index().toString());
            assertEquals("/api/users/right", d.path());
            assertTrue(d.triggered(), "the index records that the trigger forced it");
        }
    }
}
