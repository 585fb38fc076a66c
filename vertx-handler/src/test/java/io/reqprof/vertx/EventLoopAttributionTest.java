package io.reqprof.vertx;

import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.SampleType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acceptance test of event-loop attribution: 40 concurrent requests to /alpha and /beta on ONE
 * event loop, each doing its CPU work in 6 callbacks separated by timers, so the loop runs the
 * requests' callbacks interleaved. Every request's profile must hold its own endpoint's work.
 */
class EventLoopAttributionTest {
    private static final int REQUESTS = 40;

    @Test
    void interleavedRequestsOnOneEventLoopGetTheirOwnSamples(@TempDir Path dir) throws Exception {
        List<JsonObject> index;
        try (TestApp app = TestApp.start(dir, TestApp.config(dir))) {
            ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
            try {
                List<Future<String>> responses = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    String path = i % 2 == 0 ? "/alpha" : "/beta";
                    responses.add(clients.submit(() -> app.http().get(path).then().statusCode(200).extract().asString()));
                }
                for (Future<String> r : responses) assertEquals("done", r.get(2, TimeUnit.MINUTES));
            } finally {
                clients.shutdownNow();
            }
            assertTrue(TestApp.MAX_STEPPING.get() >= 10, "requests interleaved on the event loop: at most "
                    + TestApp.MAX_STEPPING.get() + " were between their first and last callback at once");
            index = Dumps.await(app.reqprof.profiler(), dir, entries -> entries.size() >= REQUESTS);
            assertEquals(REQUESTS, index.size(), "one dump per request");
            assertEquals(0, app.reqprof.profiler().inFlight(), "every request delivered");
            for (JsonObject e : index) {
                boolean alpha = e.getString("path").equals("/alpha");
                assertOwn(Dumps.pprof(dir, e), e, alpha ? "alphaWork" : "betaWork", alpha ? "betaWork" : "alphaWork");
            }
        }
    }

    private static void assertOwn(Profile p, JsonObject entry, String own, String other) {
        long total = p.totalCount(SampleType.CPU);
        long ownCount = Dumps.cpuSamplesIn(p, own);
        long otherCount = Dumps.cpuSamplesIn(p, other);
        String what = entry.getString("path") + " (id " + entry.getString("id") + "): " + ownCount + " own, "
                + otherCount + " other of " + total + " CPU samples";
        System.out.println("attribution " + what);
        // 6 callbacks x 25 ms of thread CPU at a 5 ms CPU-time interval: about 30 samples in its own work,
        // whatever the load; the rest is the event loop running this request's callbacks
        assertTrue(ownCount >= 15, what);
        assertEquals(0, otherCount, what);
    }
}
