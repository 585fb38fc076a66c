package io.reqprof.collector;

import com.google.devtools.cloudprofiler.v2.Deployment;
import com.google.devtools.cloudprofiler.v2.ProfileType;
import com.google.protobuf.CodedOutputStream;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.reqprof.collector.pprof.Gzip;
import io.reqprof.collector.pprof.PprofWriter;
import io.reqprof.collector.pprof.StackTree;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-profile limits (samples, symbols, frames) refuse what would cost more heap than its bytes
 * suggest, over gRPC and HTTP alike, naming the setting, and store nothing; a profile at the limits
 * is stored. A merge stops at its node budget and deadline, says so naming the setting, and keeps
 * every value of what it merged.
 */
class ProfileLimitsTest {
    static final int MAX_SAMPLES = 1_000;
    static final int MAX_SYMBOLS = 2_000;
    static final int MAX_FRAMES = 20_000;
    static final int MAX_MERGE_NODES = 500;

    @TempDir
    static Path dir;
    static Collector collector;
    static GrpcClient client;

    @BeforeAll
    static void start() throws Exception {
        collector = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0).dataDir(dir)
                .maxSamples(MAX_SAMPLES).maxSymbols(MAX_SYMBOLS).maxFrames(MAX_FRAMES).maxMergeNodes(MAX_MERGE_NODES).build());
        client = new GrpcClient(collector.grpcPort(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        collector.close();
    }

    /** A CPU profile of {@code samples} distinct stacks {@code depth} frames deep, named by {@code prefix}. */
    static byte[] distinct(String prefix, int samples, int depth) {
        PprofWriter w = new PprofWriter(TestProfiles.CPU).window(System.currentTimeMillis() * 1_000_000L, 10_000_000_000L);
        for (int s = 0; s < samples; s++) {
            List<String> leafFirst = new ArrayList<>();
            leafFirst.add(prefix + ".leaf" + s);
            for (int d = 1; d < depth; d++) leafFirst.add(prefix + ".frame" + d);
            w.sample(leafFirst, new long[] {1, 10_000_000L});
        }
        return w.toGzip();
    }

    /** Hand-written pprof: the parts a hostile uploader controls, in the order it chooses. */
    static final class RawPprof {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        RawPprof() throws IOException {
            message(1, m -> { m.writeInt64(1, 1); m.writeInt64(2, 2); }); // sample_type samples/count
            out.writeString(6, "");
            out.writeString(6, "samples");
            out.writeString(6, "count");
            out.writeString(6, "f");
            message(5, m -> { m.writeUInt64(1, 1); m.writeInt64(2, 3); }); // function 1 "f"
        }

        RawPprof message(int field, TestProfiles.Body body) throws IOException {
            TestProfiles.message(out, field, body);
            return this;
        }

        byte[] gzip() throws IOException {
            out.flush();
            return Gzip.gzip(bytes.toByteArray());
        }
    }

    private static void refused(byte[] gz, String setting) {
        long before = collector.store().size();
        Deployment d = GrpcClient.deployment("limits", "1", "z");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.offline(d, ProfileType.CPU, gz, Map.of()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.toString());
        assertTrue(e.getStatus().getDescription().contains(setting), e.getStatus().getDescription());
        String error = given().port(collector.httpPort()).body(gz).post("/ingest?name=limits&format=pprof")
                .then().statusCode(413).extract().path("error");
        assertTrue(error.contains(setting), error);
        assertEquals(before, collector.store().size(), "a refused profile must store nothing");
        given().port(collector.httpPort()).get("/api/services").then().statusCode(200);
    }

    @Test
    void tooManySamples() {
        refused(distinct("s", MAX_SAMPLES + 1, 2), "--max-samples");
    }

    @Test
    void tooManyStrings() throws IOException {
        RawPprof p = new RawPprof();
        for (int i = 0; i < MAX_SYMBOLS; i++) p.out.writeString(6, ""); // 2 bytes each, ~40 of heap
        refused(p.gzip(), "--max-symbols");
    }

    @Test
    void tooManyLocations() throws IOException {
        RawPprof p = new RawPprof();
        for (int i = 1; i <= MAX_SYMBOLS + 1; i++) {
            long id = i;
            p.message(4, m -> m.writeUInt64(1, id));
        }
        refused(p.gzip(), "--max-symbols");
    }

    @Test
    void inlinedFramesExpandPastTheFrameLimit() throws IOException {
        // one location of 1,000 inlined lines, and 30 samples that each cost 2 bytes to point at it
        RawPprof p = new RawPprof();
        p.message(4, m -> {
            m.writeUInt64(1, 1);
            for (int i = 0; i < 1_000; i++) {
                TestProfiles.message(m, 4, line -> line.writeUInt64(1, 1));
            }
        });
        for (int i = 0; i < 30; i++) p.message(2, m -> { m.writeUInt64(1, 1); m.writeInt64(2, 1); });
        refused(p.gzip(), "--max-frames");
    }

    @Test
    void onePackedStackOfMillionsOfFramesIsRefusedBeforeItIsHeld() throws IOException {
        RawPprof p = new RawPprof();
        p.message(4, m -> m.writeUInt64(1, 1));
        p.message(2, m -> {
            ByteArrayOutputStream ids = new ByteArrayOutputStream();
            CodedOutputStream i = CodedOutputStream.newInstance(ids);
            for (int n = 0; n < 4_000_000; n++) i.writeUInt64NoTag(1); // 4 MB of location ids, 4 KB of gzip
            i.flush();
            m.writeByteArray(1, ids.toByteArray());
            m.writeInt64(2, 1);
        });
        refused(p.gzip(), "--max-frames");
    }

    @Test
    void aProfileAtTheLimitsIsStored() {
        long before = collector.store().size();
        client.offline(GrpcClient.deployment("at-limits", "1", "z"), ProfileType.CPU, distinct("a", MAX_SAMPLES, 10), Map.of());
        assertEquals(before + 1, collector.store().size());
    }

    @Test
    void aMergeStopsAtItsNodeBudgetAndKeepsEveryValue() {
        // 8 profiles of 100 distinct 3-frame stacks each: 102 nodes apiece, 500 allowed: the fifth reaches the budget
        Deployment d = GrpcClient.deployment("merge-budget", "1", "z");
        for (int i = 0; i < 8; i++) client.offline(d, ProfileType.CPU, distinct("p" + i, 100, 3), Map.of());
        JsonPath r = given().port(collector.httpPort()).get("/api/merge?service=merge-budget&type=CPU&column=samples")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(8, r.getInt("selected"));
        int merged = r.getInt("merged");
        assertEquals(5, merged, "profiles merged within a 500-node budget");
        assertTrue(r.getBoolean("truncated"));
        assertTrue(r.getString("stopped_by").contains("--max-merge-nodes"), r.getString("stopped_by"));
        List<String> names = r.getList("flame.names");
        List<Number> nodes = r.getList("flame.nodes");
        assertTrue(names.contains(StackTree.OVER_BUDGET), names.toString());
        // the root holds one sample for each stack of every profile merged, those beyond the budget included
        assertEquals(merged * 100L, nodes.get(1).longValue());
        assertTrue(nodes.size() / 3 <= MAX_MERGE_NODES + 2, "flame of " + nodes.size() / 3 + " nodes");

        client.offline(GrpcClient.deployment("small-merge", "1", "z"), ProfileType.CPU, distinct("m", 10, 3), Map.of());
        JsonPath small = given().port(collector.httpPort()).get("/api/merge?service=small-merge&type=CPU")
                .then().statusCode(200).extract().jsonPath();
        assertNull(small.getString("stopped_by"));
        assertFalse(small.getBoolean("truncated"));
    }

    @Test
    void refusalsAreLoggedByTheCollectorAtMostOnceAMinute() throws Exception {
        List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getMessage() != null && r.getMessage().contains("refused")) records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.reqprof.collector");
        logger.addHandler(capture);
        try (Collector c = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0).dataDir(dir.resolve("refusals"))
                .maxSamples(10).build());
             GrpcClient cl = new GrpcClient(c.grpcPort(), null)) {
            for (int i = 0; i < 3; i++) {
                assertThrows(StatusRuntimeException.class, () -> cl.offline(GrpcClient.deployment("grown", "1", "z"),
                        ProfileType.CPU, distinct("g", 11, 2), Map.of()));
            }
        } finally {
            logger.removeHandler(capture);
        }
        assertEquals(1, records.size(), "one warning for three refusals within a minute: " + records);
        assertEquals(java.util.logging.Level.WARNING, records.get(0).getLevel());
        String m = records.get(0).getMessage();
        assertTrue(m.contains("--max-samples") && m.contains("raise the limit"), m);
    }

    @Test
    void aMergeStopsAtItsDeadline() throws Exception {
        Path data = dir.resolve("deadline");
        try (Collector slow = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0).dataDir(data)
                .mergeTimeout(Duration.ofMillis(100)).build());
             GrpcClient c = new GrpcClient(slow.grpcPort(), null)) {
            // 20 profiles of 20,000 distinct stacks: parsing and adding them takes about a second, the budget is 100 ms
            Deployment d = GrpcClient.deployment("merge-deadline", "1", "z");
            byte[] big = distinct("q", 20_000, 4);
            for (int i = 0; i < 20; i++) c.offline(d, ProfileType.CPU, big, Map.of());
            JsonPath r = given().port(slow.httpPort()).get("/api/merge?service=merge-deadline&type=CPU")
                    .then().statusCode(200).extract().jsonPath();
            assertTrue(r.getInt("merged") < 20, "merged " + r.getInt("merged"));
            assertTrue(r.getString("stopped_by").contains("--merge-timeout"), r.getString("stopped_by"));
        }
    }
}
