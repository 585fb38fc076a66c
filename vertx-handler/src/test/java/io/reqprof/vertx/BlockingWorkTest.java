package io.reqprof.vertx;

import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.SampleType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Work a request runs on worker threads: a {@code blockingHandler} and an {@code executeBlocking}
 * task, both wrapped with {@link Profiled#wrap}, land in the request's own profile.
 */
class BlockingWorkTest {
    @Test
    void blockingHandlerAndExecuteBlockingWorkLandInTheirRequestsProfile(@TempDir Path dir) throws Exception {
        try (TestApp app = TestApp.start(dir, TestApp.config(dir))) {
            app.http().get("/blocking").then().statusCode(200);
            app.http().get("/execute-blocking").then().statusCode(200);
            List<JsonObject> index = Dumps.await(app.reqprof.profiler(), dir, entries -> entries.size() >= 2);
            assertOwnWork(app, index, "/blocking", "blockingHandlerWork", "executeBlockingWork");
            assertOwnWork(app, index, "/execute-blocking", "executeBlockingWork", "blockingHandlerWork");
        }
    }

    private static void assertOwnWork(TestApp app, List<JsonObject> index, String path, String own, String other) throws Exception {
        List<JsonObject> entries = Dumps.withPath(index, path);
        assertEquals(1, entries.size(), path + " dumped once: " + index);
        Profile p = Dumps.pprof(app.dir, entries.get(0));
        long total = p.totalCount(SampleType.CPU);
        long ownCount = Dumps.cpuSamplesIn(p, own);
        String what = path + ": " + ownCount + " of " + total + " CPU samples in " + own;
        System.out.println("attribution " + what);
        // 120 ms of worker-thread CPU at a 5 ms interval: about 24 samples (measured 17-24). The rest of
        // the request's samples are its own Vert.x dispatch; how many is a figure, not an invariant.
        assertTrue(ownCount >= 12, what);
        assertEquals(0, Dumps.cpuSamplesIn(p, other), path + " holds none of the other request's work");
    }
}
