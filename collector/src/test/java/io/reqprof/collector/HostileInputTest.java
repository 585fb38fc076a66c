package io.reqprof.collector;

import com.google.devtools.cloudprofiler.v2.Deployment;
import com.google.devtools.cloudprofiler.v2.ProfileType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.reqprof.collector.ingest.ProfileIntake;
import io.reqprof.collector.pprof.Gzip;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each hostile upload is refused with a reason, nothing is stored, and the collector keeps serving. */
class HostileInputTest {
    @TempDir
    static Path dir;
    static Collector collector;
    static GrpcClient client;
    static final Deployment OK = GrpcClient.deployment("victim", "1", "z");

    @BeforeAll
    static void start() throws Exception {
        collector = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0).dataDir(dir)
                .maxUploadBytes(1 << 20).maxDecompressedBytes(4 << 20).build());
        client = new GrpcClient(collector.grpcPort(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        collector.close();
    }

    private static String rejected(Deployment d, byte[] bytes, Map<String, String> labels) {
        return rejected(Status.Code.INVALID_ARGUMENT, d, bytes, labels);
    }

    private static String rejected(Status.Code code, Deployment d, byte[] bytes, Map<String, String> labels) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.offline(d, ProfileType.CPU, bytes, labels));
        assertEquals(code, e.getStatus().getCode(), e.toString());
        assertEquals(0, collector.store().size(), "a rejected upload must store nothing");
        return e.getStatus().getDescription();
    }

    @Test
    void gzipBombIsRejected() throws Exception {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) gz.write(zeros); // 64 MiB of zeros, ~64 KiB compressed
        }
        assertTrue(bomb.size() < (1 << 20));
        // a size cap, not malformed input: RESOURCE_EXHAUSTED naming the setting, as docs/COLLECTOR.md says
        assertTrue(rejected(Status.Code.RESOURCE_EXHAUSTED, OK, bomb.toByteArray(), Map.of()).contains("--max-decompressed-bytes"));
        // the same over HTTP
        given().port(collector.httpPort()).body(bomb.toByteArray())
                .post("/ingest?name=victim&format=pprof")
                .then().statusCode(413).body("error", containsString("decompressed size limit"));
        assertEquals(0, collector.store().size());
        stillServes();
    }

    @Test
    void concurrentGzipBombsAreUnpackedTwoAtATime() throws Exception {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) gz.write(zeros);
        }
        byte[] bytes = bomb.toByteArray();
        // four over gRPC and four over HTTP at once; the intake gate lets two unpack at a time
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> {
                    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                            () -> client.offline(OK, ProfileType.CPU, bytes, Map.of()));
                    return e.getStatus().getCode() + " " + e.getStatus().getDescription();
                }));
                answers.add(pool.submit(() -> given().port(collector.httpPort()).body(bytes)
                        .post("/ingest?name=victim&format=pprof").then().extract().statusCode() + " http"));
            }
            for (java.util.concurrent.Future<String> a : answers) {
                String answer = a.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(answer.startsWith("RESOURCE_EXHAUSTED") && answer.contains("--max-decompressed-bytes")
                        || answer.equals("413 http"), answer);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(collector.intake().peakUnpacking() <= ProfileIntake.UNPACKING_AT_ONCE,
                "at most " + ProfileIntake.UNPACKING_AT_ONCE + " unpacked at once, was " + collector.intake().peakUnpacking());
        assertEquals(0, collector.store().size());
        stillServes();
    }

    @Test
    void multipartBoundariesAndHeadersAreBounded() {
        // a boundary longer than RFC 2046 allows, and part headers of 100 KB: refused without a search over them
        String boundary = "b".repeat(100);
        given().port(collector.httpPort()).contentType("multipart/form-data; boundary=" + boundary)
                .body(("--" + boundary + "\r\n\r\nx\r\n--" + boundary + "--").getBytes())
                .post("/ingest?name=victim&format=jfr").then().statusCode(400).body("error", containsString("boundary longer"));
        given().port(collector.httpPort()).contentType("multipart/form-data; boundary=b")
                .body(("--b\r\nContent-Disposition: form-data; " + "x".repeat(100_000) + "\r\n\r\nx\r\n--b--").getBytes())
                .post("/ingest?name=victim&format=jfr").then().statusCode(400).body("error", containsString("headers over"));
        assertEquals(0, collector.store().size());
        stillServes();
    }

    @Test
    void anUploadWhoseDeadlinePassedWhileItWaitedIsNotStored() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(ProfileIntake.UNPACKING_AT_ONCE);
        try {
            // the gate is full while the upload waits for its turn, past its caller's 1 s deadline
            java.util.concurrent.CountDownLatch release = holdGate(pool);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.offline(OK, ProfileType.CPU,
                    TestProfiles.service("com.example.Late.work"), Map.of(), java.time.Duration.ofSeconds(1)));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e.toString());
            release.countDown();
            // the gate is fair: once the test holds it again, the late upload has had its turn
            holdGate(pool).countDown();
            assertEquals(0, collector.store().size(), "a retrying agent would store it twice");
        } finally {
            pool.shutdownNow();
        }
        stillServes();
    }

    /** Takes every permit of the intake gate; counting the latch down gives them back. */
    private static java.util.concurrent.CountDownLatch holdGate(java.util.concurrent.ExecutorService pool) throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(ProfileIntake.UNPACKING_AT_ONCE);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < ProfileIntake.UNPACKING_AT_ONCE; i++) {
            pool.submit(() -> collector.intake().gated(() -> {
                inside.countDown();
                try {
                    return release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }));
        }
        assertTrue(inside.await(30, java.util.concurrent.TimeUnit.SECONDS), "the gate was not free");
        return release;
    }

    private static byte[] gunzip(byte[] gz) throws java.io.IOException {
        return new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz)).readAllBytes();
    }

    @Test
    void truncatedPprofIsRejected() throws Exception {
        byte[] raw = gunzip(TestProfiles.service("com.example.Whole.work"));
        byte[] cut = Arrays.copyOf(raw, raw.length / 2);
        assertTrue(rejected(OK, Gzip.gzip(cut), Map.of()).contains("malformed pprof"));
        byte[] gz = TestProfiles.service("com.example.Whole.work");
        assertTrue(rejected(OK, Arrays.copyOf(gz, gz.length - 12), Map.of()).contains("gzip"));
        given().port(collector.httpPort()).body(Gzip.gzip(cut)).post("/ingest?name=victim&format=pprof")
                .then().statusCode(400).body("error", containsString("malformed pprof"));
        stillServes();
    }

    @Test
    void hugeLabelIsRejected() {
        String reason = rejected(OK, TestProfiles.service("x.Y.z"), Map.of("instance", "x".repeat(100_000)));
        assertTrue(reason.contains("at most 512"), reason);
        stillServes();
    }

    @Test
    void badTargetIsRejected() {
        String reason = rejected(GrpcClient.deployment("Bad Target!", "1", "z"), TestProfiles.service("x.Y.z"), Map.of());
        assertTrue(reason.contains("target 'Bad Target!' must match"), reason);
        given().port(collector.httpPort()).body(TestProfiles.service("x.Y.z")).post("/ingest?name=Bad%20Target&format=pprof")
                .then().statusCode(400).body("error", containsString("must match"));
        stillServes();
    }

    @Test
    void uploadOverTheSizeCapIsResourceExhausted() {
        // over --max-upload-bytes (1 MiB here) but under gRPC's own message cap (1 MiB more): the intake refuses it
        byte[] big = Arrays.copyOf(TestProfiles.service("x.Y.z"), (1 << 20) + 100_000);
        String reason = rejected(Status.Code.RESOURCE_EXHAUSTED, OK, big, Map.of());
        assertTrue(reason.contains("--max-upload-bytes"), reason);
        stillServes();
    }

    @Test
    void oversizedAndGarbageBodiesAreRejected() throws Exception {
        // refused on its declared length, before a byte of the body is read: only the head is sent
        // (a client still sending the body may meet the closed connection before it reads the answer)
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", collector.httpPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /ingest?name=victim&format=pprof HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Length: " + ((1 << 20) + 10) + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 413 Payload Too Large", status);
        }
        given().port(collector.httpPort()).body("not a profile".getBytes()).post("/ingest?name=victim&format=jfr")
                .then().statusCode(400).body("error", containsString("JFR"));
        assertEquals(0, collector.store().size());
        stillServes();
    }

    /** A good upload still works, then is removed so the other tests see an empty store. */
    private static void stillServes() {
        client.offline(OK, ProfileType.CPU, TestProfiles.service("com.example.Fine.work"), Map.of());
        assertEquals(1, collector.store().size());
        collector.store().enforceRetention(Long.MAX_VALUE / 2); // 30-day age limit removes it
        assertEquals(0, collector.store().size());
    }
}
