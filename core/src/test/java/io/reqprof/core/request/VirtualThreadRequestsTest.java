package io.reqprof.core.request;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.EngineKind;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.internal.LogOnce;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests served on virtual threads (JDK 21+; run by the surefire execution "jdk21" on the JDK at
 * {@code reqprof.test.jdk21}): the JFR engine attributes their CPU to them, and async-profiler, which
 * samples carrier threads, says once that it cannot.
 */
@Tag("jdk21")
class VirtualThreadRequestsTest {
    private static final long BURN_MS = 500;
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        LogOnce.reset();
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void jfrAttributesTheCpuOfRequestsOnVirtualThreads() throws Exception {
        Map<String, RequestProfile> byPath = serve(EngineKind.JFR);
        for (String own : List.of("alpha", "beta")) {
            String other = own.equals("alpha") ? "beta" : "alpha";
            RequestProfile p = byPath.get("/" + own);
            long ownCount = AttributionScenario.countIn(p, io.reqprof.core.profile.SampleType.CPU, burnMethod(own));
            long otherCount = AttributionScenario.countIn(p, io.reqprof.core.profile.SampleType.CPU, burnMethod(other));
            String what = "/" + own + " on a virtual thread: " + ownCount + " own, " + otherCount + " other CPU samples";
            System.out.println(what);
            // 500 ms of burning at 10 ms: about 50 samples on free cores; none at all is the defect
            assertTrue(ownCount >= 3, what);
            assertEquals(0, otherCount, what);
        }
        assertTrue(warnings.stream().noneMatch(r -> r.getMessage().contains("virtual threads")), "no warning with JFR");
        assertTrue(byPath.values().stream().allMatch(p -> p.warnings().isEmpty()), "no profile warning with JFR");
    }

    @Test
    void asyncProfilerSaysOnceThatItCannotSeeThemAndEachProfileSaysSo() throws Exception {
        Map<String, RequestProfile> byPath = serve(EngineKind.ASYNC);
        List<LogRecord> said = warnings.stream().filter(r -> r.getMessage().contains("virtual threads")).toList();
        assertEquals(1, said.size(), "one warning for all requests: " + said);
        assertTrue(said.get(0).getMessage().contains("reqprof.engine=jfr"), said.get(0).getMessage());
        // never silently empty: the profile itself (so its dump, index line and summary) says why
        for (RequestProfile p : byPath.values()) {
            assertEquals(List.of(RequestTracker.UNSEEN_VIRTUAL_THREAD), p.warnings(), p.facts().path());
            assertTrue(p.profile().comments().contains("warning: " + RequestTracker.UNSEEN_VIRTUAL_THREAD),
                    "the pprof's comments: " + p.profile().comments());
        }
    }

    private static String burnMethod(String name) {
        return VirtualThreadRequestsTest.class.getName() + "." + name + "Burn";
    }

    /** Two concurrent requests on virtual threads, /alpha and /beta, each burning BURN_MS of CPU in its own method. */
    private static Map<String, RequestProfile> serve(EngineKind engine) throws Exception {
        Map<String, RequestProfile> byPath = new ConcurrentHashMap<>();
        try (SamplingSession session = SamplingSession.start(EngineConfig.builder().engine(engine)
                .cpuInterval(Duration.ofMillis(10)).build())) {
            RequestTracker tracker = RequestTracker.attach(session, p -> byPath.put(p.facts().path(), p));
            Thread alpha = startVirtual(() -> request(tracker, "/alpha", VirtualThreadRequestsTest::alphaBurn));
            Thread beta = startVirtual(() -> request(tracker, "/beta", VirtualThreadRequestsTest::betaBurn));
            alpha.join();
            beta.join();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (byPath.size() < 2 && System.nanoTime() < deadline) {
                session.flush();
                Thread.sleep(100); // poll interval
            }
        }
        assertEquals(2, byPath.size(), "both requests delivered: " + byPath.keySet());
        return byPath;
    }

    private static void request(RequestTracker tracker, String path, Runnable work) {
        ActiveRequest r = tracker.begin("GET", path, path);
        long b = r.enter();
        try {
            work.run();
        } finally {
            r.exit(b);
            r.end(200);
        }
    }

    static void alphaBurn() {
        burn();
    }

    static void betaBurn() {
        burn();
    }

    private static void burn() {
        long end = System.nanoTime() + BURN_MS * 1_000_000;
        double x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) x = x * 1.0000001 + Math.sqrt(i);
        }
        ShapeWork.sink = x;
    }

    /** {@code Thread.startVirtualThread}, called reflectively: core's tests compile for Java 17. */
    private static Thread startVirtual(Runnable task) throws ReflectiveOperationException {
        return (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, task);
    }
}
