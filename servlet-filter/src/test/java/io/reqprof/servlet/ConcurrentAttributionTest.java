package io.reqprof.servlet;

import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.SampleType;
import io.reqprof.servlet.WebApp.Dump;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 50 concurrent requests spread over two endpoints whose CPU work is in different methods: every
 * request's dump holds its own endpoint's samples, not the other's, though both ran at once on the
 * same two cores and the container's shared thread pool.
 */
class ConcurrentAttributionTest {
    private static final int REQUESTS = 50;

    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void everyDumpHoldsItsOwnEndpointsSamples(Container container, @TempDir Path work) throws Exception {
        try (WebApp app = WebApp.on(container, work).filterParam("reqprof.cpu-interval", "5ms").start()) {
            ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> responses = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String path = i % 2 == 0 ? "/alpha" : "/beta";
                responses.add(clients.submit(() -> {
                    go.await();
                    return app.http().get(path).statusCode();
                }));
            }
            go.countDown();
            for (Future<Integer> f : responses) assertEquals(200, f.get());
            clients.shutdown();

            List<Dump> dumps = app.awaitDumps(REQUESTS, d -> true);
            assertEquals(REQUESTS / 2, dumps.stream().filter(d -> d.path().equals("/alpha")).count());
            assertEquals(REQUESTS / 2, dumps.stream().filter(d -> d.path().equals("/beta")).count());
            List<String> violations = new ArrayList<>();
            for (Dump d : dumps) {
                boolean alpha = d.path().equals("/alpha");
                Profile p = Profiles.read(d.file(app.dumpDir, ".pb.gz"));
                long total = p.totalCount(SampleType.CPU);
                long own = Profiles.countIn(p, SampleType.CPU, alpha ? "Work.alphaLoop" : "Work.betaLoop");
                long other = Profiles.countIn(p, SampleType.CPU, alpha ? "Work.betaLoop" : "Work.alphaLoop");
                // invariants only: the request's own loop was sampled, the other endpoint's never
                if (own == 0 || other != 0) {
                    violations.add(d.path() + " #" + d.id() + ": " + own + " own, " + other + " other, of " + total + " CPU samples");
                }
            }
            assertTrue(violations.isEmpty(), container + ":\n" + String.join("\n", violations));
        }
    }
}
