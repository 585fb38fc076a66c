package io.reqprof.core.pprof;

import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.ProfileBuilder;
import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static io.reqprof.core.pprof.Fixtures.BURN;
import static io.reqprof.core.pprof.Fixtures.HANDLE;
import static io.reqprof.core.pprof.Fixtures.RUN;
import static io.reqprof.core.pprof.Fixtures.stack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PprofEncoderTest {

    @Test
    void gzipOutputStartsWithGzipMagicAndInflatesToRawEncoding() throws IOException {
        Profile p = Fixtures.allTypes();
        byte[] gz = PprofEncoder.encodeGzip(p);
        assertEquals(0x1F, gz[0] & 0xFF);
        assertEquals(0x8B, gz[1] & 0xFF);
        assertArrayEquals(PprofEncoder.encode(p), gunzip(gz));
    }

    @Test
    void writeGzipWritesTheSameProfileAndLeavesTheStreamOpen() throws IOException {
        Profile p = Fixtures.allTypes();
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        PprofEncoder.writeGzip(p, out);
        assertFalse(closed[0], "caller's stream must stay open");
        assertArrayEquals(PprofEncoder.encode(p), gunzip(out.toByteArray()));
    }

    @Test
    void stringTableStartsWithEmptyString() throws IOException {
        byte[] raw = PprofEncoder.encode(Fixtures.cpuOnly());
        RawProfile parsed = RawProfile.parse(raw);
        assertEquals("", parsed.strings.get(0));
        assertEquals(parsed.strings.size(), parsed.strings.stream().distinct().count(), "strings are interned once");
    }

    @Test
    void singleTypeUsesTheTypesOwnColumnNames() throws IOException {
        RawProfile parsed = RawProfile.parse(PprofEncoder.encode(Fixtures.cpuOnly()));
        assertEquals(List.of("sample/count", "cpu/nanoseconds"), columns(parsed));
        assertEquals("cpu", parsed.string(parsed.defaultSampleType));
        assertEquals("cpu/nanoseconds", name(parsed, parsed.periodType));
        assertEquals(10_000_000, parsed.period);
        assertEquals(Fixtures.START, parsed.timeNanos);
        assertEquals(Fixtures.DURATION, parsed.durationNanos);
    }

    @Test
    void severalTypesGetUniqueTypePrefixedColumnsAndZerosElsewhere() throws IOException {
        RawProfile parsed = RawProfile.parse(PprofEncoder.encode(Fixtures.allTypes()));
        assertEquals(List.of("cpu_samples/count", "cpu/nanoseconds", "wall_samples/count", "wall/nanoseconds",
                "alloc_objects/count", "alloc_space/bytes", "contentions/count", "delay/nanoseconds"), columns(parsed));
        assertEquals("cpu", parsed.string(parsed.defaultSampleType));
        assertEquals(10_000_000, parsed.period);

        List<String> rows = new ArrayList<>();
        for (RawProfile.Sample s : parsed.samples) rows.add(Arrays.toString(s.values()));
        assertTrue(rows.contains("[0, 0, 7, 350000000, 0, 0, 0, 0]"), rows.toString());
        assertTrue(rows.contains("[0, 0, 0, 0, 3, 1572864, 0, 0]"), rows.toString());
        assertTrue(rows.contains("[0, 0, 0, 0, 0, 0, 1, 4000000]"), rows.toString());
        assertTrue(rows.contains("[30, 300000000, 0, 0, 0, 0, 0, 0]"), rows.toString());
    }

    @Test
    void withoutCpuTheFirstValueColumnIsDefaultAndGivesThePeriod() throws IOException {
        Profile p = new ProfileBuilder().period(SampleType.WALL, 50_000_000).period(SampleType.LOCK, 1_000)
                .add(SampleType.WALL, stack(HANDLE), 1, 50_000_000).build();
        RawProfile parsed = RawProfile.parse(PprofEncoder.encode(p));
        assertEquals("wall", parsed.string(parsed.defaultSampleType));
        assertEquals("wall/nanoseconds", name(parsed, parsed.periodType));
        assertEquals(50_000_000, parsed.period);
    }

    @Test
    void singleTypeSelectionKeepsOnlyThatTypeWithSingleTypeNames() throws IOException {
        byte[] gz = PprofEncoder.encodeGzip(Fixtures.allTypes(), SampleType.WALL);
        RawProfile parsed = RawProfile.parse(gunzip(gz));
        assertEquals(List.of("sample/count", "wall/nanoseconds"), columns(parsed));
        assertEquals(1, parsed.samples.size());
        assertArrayEquals(new long[] {7, 350_000_000}, parsed.samples.get(0).values());
        assertEquals(50_000_000, parsed.period);
    }

    @Test
    void functionsAreSharedAcrossLinesAndLocationsAcrossSamples() throws IOException {
        RawProfile parsed = RawProfile.parse(PprofEncoder.encode(Fixtures.allTypes()));
        long burnFunctions = parsed.functions.values().stream()
                .filter(f -> stringOf(parsed, f.name()).equals("com.example.Burn.burnCpu")).count();
        assertEquals(1, burnFunctions, "burnCpu:42 and burnCpu:43 share one function");
        RawProfile.Function burn = parsed.functions.values().stream()
                .filter(f -> stringOf(parsed, f.name()).equals("com.example.Burn.burnCpu")).findFirst().orElseThrow();
        assertEquals("Burn.java", parsed.string(burn.filename()));
        assertEquals(burn.name(), burn.systemName());
        // HANDLE:10 and RUN appear in many samples but each is one location
        long handleLocations = parsed.locations.values().stream()
                .filter(l -> l.lines().get(0).line() == 10).count();
        assertEquals(1, handleLocations);
        for (long id = 1; id <= parsed.locations.size(); id++) assertTrue(parsed.locations.containsKey(id), "ids are 1..n");
        for (long id = 1; id <= parsed.functions.size(); id++) assertTrue(parsed.functions.containsKey(id), "ids are 1..n");
    }

    @Test
    void everyFrameKindHasItsPseudoMappingWithJavaFirst() throws IOException {
        RawProfile parsed = RawProfile.parse(PprofEncoder.encode(Fixtures.allTypes()));
        List<String> mappingNames = new ArrayList<>();
        for (long f : parsed.mappingFilenames.values()) mappingNames.add(parsed.string(f));
        mappingNames.sort(null);
        assertEquals(List.of("[java-inlined]", "[java]", "[jvm]", "[kernel]", "[native]"), mappingNames);
        RawProfile.Location burn = parsed.locations.values().stream()
                .filter(l -> l.lines().get(0).line() == 42).findFirst().orElseThrow();
        assertEquals("[java]", parsed.string(parsed.mappingFilenames.get(burn.mappingId())));
        // pprof presents the first mapping in the file as the profiled binary
        assertEquals("[java]", firstMappingName(PprofEncoder.encode(Fixtures.allTypes())));
    }

    private static String firstMappingName(byte[] raw) throws IOException {
        RawProfile parsed = RawProfile.parse(raw);
        ProtoReader r = new ProtoReader(raw);
        while (r.next()) {
            if (r.field() != 3) {
                r.skip();
                continue;
            }
            ProtoReader m = r.message();
            while (m.next()) {
                if (m.field() == 5) return parsed.string(m.int64());
                m.skip();
            }
        }
        return null;
    }

    @Test
    void labelsCommentsAndEngineAreWritten() throws IOException {
        RawProfile parsed = RawProfile.parse(PprofEncoder.encode(Fixtures.allTypes()));
        List<String> comments = new ArrayList<>();
        for (long c : parsed.comments) comments.add(parsed.string(c));
        assertEquals(List.of(Fixtures.ENGINE.describe(), "request GET /api/x",
                "reqprof periods: WALL=50000000 ALLOC=524288 LOCK=1000000"), comments);

        RawProfile.Sample wall = parsed.samples.stream().filter(s -> s.values()[2] == 7).findFirst().orElseThrow();
        List<String> labels = new ArrayList<>();
        for (RawProfile.Label l : wall.labels()) labels.add(parsed.string(l.key()) + "=" + parsed.string(l.str()));
        assertEquals(List.of("route=/api/{x}", "thread=worker-1"), labels);
    }

    @Test
    void encodingIsDeterministic() {
        assertArrayEquals(PprofEncoder.encode(Fixtures.allTypes()), PprofEncoder.encode(Fixtures.allTypes()));
    }

    @Test
    void sampleStacksAreLeafFirstLocationIds() throws IOException {
        Profile p = new ProfileBuilder().add(SampleType.CPU, stack(BURN, HANDLE, RUN), 1, 1).build();
        RawProfile parsed = RawProfile.parse(PprofEncoder.encode(p));
        long[] ids = parsed.samples.get(0).locationIds();
        List<String> names = new ArrayList<>();
        for (long id : ids) {
            long fn = parsed.locations.get(id).lines().get(0).functionId();
            names.add(parsed.string(parsed.functions.get(fn).name()));
        }
        assertEquals(List.of("com.example.Burn.burnCpu", "com.example.Api.handle", "java.lang.Thread.run"), names);
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static List<String> columns(RawProfile p) throws IOException {
        List<String> out = new ArrayList<>();
        for (RawProfile.ValueType vt : p.sampleTypes) out.add(name(p, vt));
        return out;
    }

    private static String name(RawProfile p, RawProfile.ValueType vt) throws IOException {
        return p.string(vt.type()) + "/" + p.string(vt.unit());
    }

    private static String stringOf(RawProfile p, long index) {
        return p.strings.get((int) index);
    }
}
