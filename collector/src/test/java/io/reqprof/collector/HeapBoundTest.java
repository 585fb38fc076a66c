package io.reqprof.collector;

import com.google.devtools.cloudprofiler.v2.Deployment;
import com.google.devtools.cloudprofiler.v2.Profile;
import com.google.devtools.cloudprofiler.v2.ProfileType;
import com.google.protobuf.CodedOutputStream;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.reqprof.collector.ingest.UploadLimits;
import io.reqprof.collector.pprof.Gzip;
import io.reqprof.collector.pprof.ParseLimits;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The default limits hold a collector's heap: a collector in its own JVM with {@code -Xmx256m}
 * (and {@code -XX:+ExitOnOutOfMemoryError}, so any OutOfMemoryError ends it) takes eight
 * concurrent uploads of a valid profile at every default limit at once, over gRPC and HTTP, while
 * four merges of such profiles run and a health probe keeps asking. Every call is answered
 * (stored, or busy: retry), the probe always within 10 s, the process survives, and every upload
 * it acknowledged is there afterwards. The heap pools' peaks are printed. To measure the margin,
 * {@code -Dheapbound.xmx=-Xmx160m} runs the same with a smaller heap.
 */
class HeapBoundTest {
    static final int UPLOADS = 8;
    static final int MERGES = 4;

    @TempDir
    Path dir;

    /**
     * A valid CPU profile holding the most the default limits allow: {@code maxSamples} samples
     * whose stacks sum to {@code maxFrames} random locations, and {@code maxSymbols} strings,
     * functions and locations. Random stacks share few nodes, the worst case for a merge too.
     */
    static byte[] atEveryLimit(ParseLimits l, long seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 << 20);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        TestProfiles.message(out, 1, m -> { m.writeInt64(1, 1); m.writeInt64(2, 2); });
        int locations = l.maxSymbols();
        int functions = l.maxSymbols() - 3;
        int depth = l.maxFrames() / l.maxSamples();
        for (int s = 0; s < l.maxSamples(); s++) {
            TestProfiles.message(out, 2, m -> {
                ByteArrayOutputStream ids = new ByteArrayOutputStream();
                CodedOutputStream i = CodedOutputStream.newInstance(ids);
                for (int d = 0; d < depth; d++) i.writeUInt64NoTag(1 + random.nextInt(locations));
                i.flush();
                m.writeByteArray(1, ids.toByteArray());
                m.writeInt64(2, 1);
            });
        }
        for (int id = 1; id <= locations; id++) {
            long loc = id;
            long fn = 1 + (id - 1) % functions;
            TestProfiles.message(out, 4, m -> {
                m.writeUInt64(1, loc);
                TestProfiles.message(m, 4, line -> line.writeUInt64(1, fn));
            });
        }
        for (int id = 1; id <= functions; id++) {
            long fn = id;
            TestProfiles.message(out, 5, m -> { m.writeUInt64(1, fn); m.writeInt64(2, 2 + fn); });
        }
        out.writeString(6, "");
        out.writeString(6, "samples");
        out.writeString(6, "count");
        for (int i = 0; i < functions; i++) out.writeString(6, "com.example.Service" + i + ".work");
        out.flush();
        return Gzip.gzip(bytes.toByteArray());
    }

    /** The child's output, line by line, as it comes. */
    static final class Output {
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> all = new ArrayList<>();

        Output(Process p) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (all) {
                            all.add(line);
                        }
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the child ended
                }
            }, "heap-bound-child-output");
            t.setDaemon(true);
            t.start();
        }

        String await(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (String line; System.nanoTime() < deadline; ) {
                line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null && line.startsWith(prefix)) return line;
            }
            fail("no '" + prefix + "' line from the collector; it printed: " + log());
            return null;
        }

        String log() {
            synchronized (all) {
                return String.join("\n", all);
            }
        }
    }

    @Test
    void atEveryLimitAtOnceTheCollectorStaysWithin256MiB() throws Exception {
        byte[] worst = atEveryLimit(ParseLimits.DEFAULT, 1);
        byte[] raw = Gzip.gunzip(worst, Integer.MAX_VALUE - 16);
        assertTrue(worst.length <= UploadLimits.DEFAULT.maxCompressedBytes(), "upload of " + worst.length + " bytes");
        assertTrue(raw.length <= UploadLimits.DEFAULT.maxDecompressedBytes(), "unpacked " + raw.length + " bytes");
        System.out.println("HeapBoundTest: profile at every default limit: " + worst.length + " bytes gzip, " + raw.length
                + " unpacked, " + ParseLimits.DEFAULT);

        Process child = startChild(dir.resolve("store"), System.getProperty("heapbound.xmx", "-Xmx256m"),
                "-XX:+ExitOnOutOfMemoryError");
        Output output = new Output(child);
        ExecutorService pool = Executors.newFixedThreadPool(UPLOADS + MERGES + 1);
        try {
            String[] ports = output.await("ports ").split(" ");
            int httpPort = Integer.parseInt(ports[2]);
            RestAssuredConfig patient = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", 10_000).setParam("http.socket.timeout", 60_000));
            RestAssuredConfig probeConfig = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", 10_000).setParam("http.socket.timeout", 10_000));
            Deployment d = GrpcClient.deployment("heap", "1", "z");
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            try (GrpcClient grpc = new GrpcClient(Integer.parseInt(ports[1]), null)) {
                // two stored first, so the merges have the worst profiles to read
                for (int i = 0; i < 2; i++) acknowledged.add(id(grpc.offline(d, ProfileType.CPU, worst, Map.of())));

                AtomicLong slowestProbeMillis = new AtomicLong();
                AtomicLong probes = new AtomicLong();
                List<Future<String>> calls = new ArrayList<>();
                for (int i = 0; i < UPLOADS; i++) {
                    boolean overGrpc = i % 2 == 0;
                    calls.add(pool.submit(() -> overGrpc ? grpcUpload(grpc, d, worst, acknowledged)
                            : httpUpload(httpPort, patient, worst, acknowledged)));
                }
                for (int i = 0; i < MERGES; i++) {
                    calls.add(pool.submit(() -> {
                        Response r = given().config(patient).port(httpPort).get("/api/merge?service=heap&type=CPU");
                        assertTrue(r.statusCode() == 200 || r.statusCode() == 503, "merge: " + r.statusCode() + " " + r.asString());
                        return "merge " + r.statusCode() + (r.statusCode() == 200 ? " merged " + r.path("merged")
                                + " stopped_by " + r.path("stopped_by") : "");
                    }));
                }
                Future<?> probe = pool.submit(() -> {
                    while (!calls.stream().allMatch(Future::isDone)) {
                        long t0 = System.nanoTime();
                        given().config(probeConfig).port(httpPort).get("/api/services").then().statusCode(200);
                        slowestProbeMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                        probes.incrementAndGet();
                        Thread.sleep(250);
                    }
                    return null;
                });
                List<String> answers = new ArrayList<>();
                for (Future<String> c : calls) answers.add(c.get(5, TimeUnit.MINUTES));
                probe.get(1, TimeUnit.MINUTES);
                System.out.println("HeapBoundTest: " + answers + "; " + probes.get() + " health probes, slowest "
                        + slowestProbeMillis.get() + " ms");
                assertTrue(child.isAlive(), "the collector died: " + output.log());
                assertTrue(answers.stream().anyMatch(a -> a.startsWith("merge 200")), answers.toString());
                assertTrue(acknowledged.size() > 2, "no concurrent upload was stored: " + answers);

                child.getOutputStream().write("peak\n".getBytes(StandardCharsets.UTF_8));
                child.getOutputStream().flush();
                System.out.println("HeapBoundTest: collector " + output.await("peak "));
                for (String id : acknowledged) {
                    given().port(httpPort).get("/api/profiles/" + id + "/pprof").then().statusCode(200);
                }
            }
            assertFalse(output.log().contains("OutOfMemoryError"), output.log());
            OutputStream stdin = child.getOutputStream();
            stdin.close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the collector did not stop");
            assertEquals(0, child.exitValue(), output.log());
        } catch (Throwable e) {
            throw failed(child, output, e);
        } finally {
            pool.shutdownNow();
            child.destroyForcibly();
        }
    }

    /**
     * Past its heap: the same storm against a collector with too little heap for it ({@code -Xmx96m},
     * no exit on OutOfMemoryError, watched as the stand-alone one is). Calls may fail, but afterwards
     * the collector either serves (a health probe, and a small upload over gRPC and over HTTP stored)
     * or ends itself with {@link Watchdog#EXIT_CODE} (deaf, or left with a class it cannot initialize): never
     * alive and deaf; and a valid HTTP upload is never answered 4xx for the collector's lack of memory.
     */
    @Test
    void pastItsHeapTheCollectorServesOnOrExitsNeverAZombie() throws Exception {
        byte[] worst = atEveryLimit(ParseLimits.DEFAULT, 2);
        Process child = startChild(dir.resolve("small"), "-Xmx96m");
        Output output = new Output(child);
        ExecutorService pool = Executors.newFixedThreadPool(UPLOADS + MERGES);
        try {
            String[] ports = output.await("ports ").split(" ");
            int httpPort = Integer.parseInt(ports[2]);
            RestAssuredConfig patient = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", 10_000).setParam("http.socket.timeout", 60_000));
            Deployment d = GrpcClient.deployment("oom", "1", "z");
            try (GrpcClient grpc = new GrpcClient(Integer.parseInt(ports[1]), null)) {
                List<Future<String>> calls = new ArrayList<>();
                for (int i = 0; i < UPLOADS; i++) {
                    boolean overGrpc = i % 2 == 0;
                    calls.add(pool.submit(() -> {
                        try {
                            if (overGrpc) return "grpc " + grpc.offline(d, ProfileType.CPU, worst, Map.of()).getName();
                            return "http " + given().config(patient).port(httpPort).body(worst).post("/ingest?name=oom&format=pprof")
                                    .statusCode();
                        } catch (Exception e) { // rest-assured throws I/O errors unchecked
                            return "failed " + e.getClass().getSimpleName();
                        }
                    }));
                }
                for (int i = 0; i < MERGES; i++) {
                    calls.add(pool.submit(() -> {
                        try {
                            return "merge " + given().config(patient).port(httpPort).get("/api/merge?service=oom&type=CPU").statusCode();
                        } catch (Exception e) { // rest-assured throws I/O errors unchecked
                            return "failed " + e.getClass().getSimpleName();
                        }
                    }));
                }
                List<String> answers = new ArrayList<>();
                for (Future<String> c : calls) answers.add(c.get(5, TimeUnit.MINUTES));
                System.out.println("HeapBoundTest past its heap: " + answers + "; collector "
                        + (child.isAlive() ? "alive" : "exited " + child.exitValue()));
                // the collector's lack of memory is never blamed on the upload: 503 (retry), not 400
                assertTrue(answers.stream().noneMatch(a -> a.startsWith("http 4")), "valid uploads refused: " + answers);
                RestAssuredConfig probe = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.connection.timeout", 10_000).setParam("http.socket.timeout", 10_000));
                // the heap may take a few seconds to be given back (calls the storm cut short end in their
                // own time): a serving collector stores a small upload over each protocol within 10 s
                // of answering again; one that cannot serve ends itself (three missed probes, up to 70 s)
                byte[] small = TestProfiles.service("com.example.After.work");
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                long settle = Long.MAX_VALUE;
                String grpcAnswer = null;
                int httpAnswer = 0;
                while (child.isAlive() && System.nanoTime() < Math.min(giveUp, settle)
                        && (grpcAnswer == null || httpAnswer != 200)) {
                    if (settle == Long.MAX_VALUE && answers(httpPort, probe)) {
                        settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    }
                    if (settle == Long.MAX_VALUE) {
                        Thread.sleep(500);
                        continue;
                    }
                    if (grpcAnswer == null) {
                        try {
                            grpcAnswer = grpc.offline(d, ProfileType.CPU, small, Map.of()).getName();
                        } catch (RuntimeException notYet) {
                            Thread.sleep(200);
                        }
                    }
                    if (httpAnswer != 200) {
                        try {
                            httpAnswer = given().config(probe).port(httpPort).body(small).post("/ingest?name=oom&format=pprof")
                                    .statusCode();
                        } catch (Exception notYet) { // rest-assured throws I/O errors unchecked
                            Thread.sleep(200);
                        }
                    }
                }
                if (child.isAlive()) {
                    assertTrue(settle != Long.MAX_VALUE, "alive and deaf for 90 s after the storm: a zombie");
                    assertTrue(grpcAnswer != null, "a small gRPC upload is stored after the storm");
                    assertEquals(200, httpAnswer, "a small HTTP upload is stored after the storm");
                } else {
                    // deaf (an OutOfMemoryError in a server's own thread) or a class left broken by one
                    assertEquals(Watchdog.EXIT_CODE, child.waitFor(), "a collector that stopped must say so");
                    String log = output.log();
                    assertTrue(log.contains("has not answered") || log.contains("could not be loaded or initialized"),
                            "and log why");
                    System.out.println("HeapBoundTest past its heap: it could not serve after the storm and ended itself with "
                            + child.exitValue());
                }
            }
        } catch (Throwable e) {
            throw failed(child, output, e);
        } finally {
            pool.shutdownNow();
            child.destroyForcibly();
        }
    }

    /** Whether the collector's HTTP side answers the health probe. */
    private static boolean answers(int httpPort, RestAssuredConfig probe) {
        try {
            return given().config(probe).port(httpPort).get("/api/services").statusCode() == 200;
        } catch (Exception deaf) { // rest-assured throws I/O errors unchecked
            return false;
        }
    }

    /** A collector JVM on free ports with its store in {@code store}, started with {@code jvmOptions}. */
    private static Process startChild(Path store, String... jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-Dreqprof.collector.grpc-port=0", "-Dreqprof.collector.http-port=0",
                "-Dreqprof.collector.data-dir=" + store, "-cp", System.getProperty("java.class.path"),
                HeapBoundChild.class.getName()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** What the collector said is the first thing to read when a test fails. */
    private static AssertionError failed(Process child, Output output, Throwable e) throws InterruptedException {
        return new AssertionError((child.isAlive() ? "collector alive" : "collector exited " + child.waitFor())
                + "; it printed:\n" + output.log(), e);
    }

    private static String id(Profile p) {
        return p.getName().substring(p.getName().lastIndexOf('/') + 1);
    }

    /** Stored (acknowledged) or refused as busy; anything else fails. */
    private static String grpcUpload(GrpcClient grpc, Deployment d, byte[] worst, Set<String> acknowledged) {
        try {
            acknowledged.add(id(grpc.offline(d, ProfileType.CPU, worst, Map.of())));
            return "grpc stored";
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            assertTrue(code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED, e.toString());
            return "grpc " + code;
        }
    }

    private static String httpUpload(int port, RestAssuredConfig config, byte[] worst, Set<String> acknowledged) {
        Response r = given().config(config).port(port).body(worst).post("/ingest?name=heap&format=pprof");
        assertTrue(r.statusCode() == 200 || r.statusCode() == 503, "ingest: " + r.statusCode() + " " + r.asString());
        if (r.statusCode() == 200) acknowledged.add(r.path("stored[0].id"));
        return "http " + r.statusCode();
    }
}
