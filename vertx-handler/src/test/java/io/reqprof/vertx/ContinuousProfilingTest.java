package io.reqprof.vertx;

import io.reqprof.agent.Profiler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One call at boot starts the continuous profiler too when the settings name a service, and
 * {@code vertx.close()} stops it after it delivered its profiles.
 */
class ContinuousProfilingTest {
    @Test
    void aServiceNameStartsTheContinuousProfilerWhichStopsWithVertx(@TempDir Path dumps, @TempDir Path uploads) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            ReqprofVertx reqprof = ReqprofVertx.start(vertx, TestApp.config(dumps)
                    .put("service", "vertx-handler-test")
                    .put("target", "file:" + uploads)
                    .put("upload-period", "1s")
                    .put("profile-duration", "1s"));
            assertTrue(reqprof.enabled(), "request profiling on");
            Profiler p = Profiler.current();
            assertNotNull(p, "continuous profiler started by the same call");
            assertEquals("vertx-handler-test", p.config().service());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        assertNull(Profiler.current(), "vertx.close() stopped the continuous profiler");
        try (Stream<Path> files = Files.list(uploads)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".pb.gz")), "it delivered profiles before stopping");
        }
    }

    @Test
    void withoutAServiceOnlyRequestsAreProfiled(@TempDir Path dumps) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            assertTrue(ReqprofVertx.start(vertx, TestApp.config(dumps)).enabled());
            assertNull(Profiler.current());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
