package io.reqprof.core.pprof;

import io.reqprof.core.internal.proto.ProtoWriter;
import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.FrameType;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.ProfileBuilder;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static io.reqprof.core.pprof.Fixtures.HANDLE;
import static io.reqprof.core.pprof.Fixtures.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PprofDecoderTest {

    @Test
    void roundTripsEverythingTheEncoderWrites() throws IOException {
        Profile original = Fixtures.allTypes();
        Profile decoded = PprofDecoder.decode(PprofEncoder.encodeGzip(original));

        assertEquals(new HashSet<>(original.samples()), new HashSet<>(decoded.samples()));
        assertEquals(original.samples().size(), decoded.samples().size());
        assertEquals(original.types(), decoded.types());
        assertEquals(original.periods(), decoded.periods());
        assertEquals(original.startEpochNanos(), decoded.startEpochNanos());
        assertEquals(original.durationNanos(), decoded.durationNanos());
        assertNull(decoded.engine(), "the engine is not restored");
        assertEquals(List.of(Fixtures.ENGINE.describe(), "request GET /api/x"), decoded.comments());
    }

    @Test
    void roundTripsFrameKindsClassAndMethodNamesAndFiles() throws IOException {
        Profile decoded = PprofDecoder.decode(PprofEncoder.encode(Fixtures.allTypes()));
        Set<Frame> frames = new HashSet<>();
        for (Sample s : decoded.samples()) frames.addAll(s.stack().frames());
        assertEquals(Set.of(Fixtures.BURN, Fixtures.BURN_OTHER_LINE, HANDLE, Fixtures.RUN, Fixtures.SLEEP, Fixtures.GC,
                Fixtures.SYSCALL, Fixtures.INLINED), frames);
    }

    @Test
    void roundTripsASingleTypeSelectionAndTypesWithoutSamples() throws IOException {
        Profile original = new ProfileBuilder().period(SampleType.CPU, 10_000_000).period(SampleType.WALL, 20_000_000)
                .add(SampleType.WALL, stack(HANDLE), 4, 80_000_000, Map.of("k", "v")).build();
        Profile both = PprofDecoder.decode(PprofEncoder.encode(original));
        assertEquals(EnumSet.of(SampleType.CPU, SampleType.WALL), both.types(), "CPU has a period but no samples");
        assertEquals(original.periods(), both.periods());

        Profile wallOnly = PprofDecoder.decode(PprofEncoder.encodeGzip(original, SampleType.WALL));
        assertEquals(EnumSet.of(SampleType.WALL), wallOnly.types());
        assertEquals(original.samples(), wallOnly.samples());
    }

    @Test
    void readsStreamsAndRawBytesAlike() throws IOException {
        Profile p = Fixtures.cpuOnly();
        Profile fromRawStream = PprofDecoder.decode(new ByteArrayInputStream(PprofEncoder.encode(p)));
        Profile fromGzipStream = PprofDecoder.decode(new ByteArrayInputStream(PprofEncoder.encodeGzip(p)));
        assertEquals(new HashSet<>(p.samples()), new HashSet<>(fromRawStream.samples()));
        assertEquals(new HashSet<>(p.samples()), new HashSet<>(fromGzipStream.samples()));
    }

    @Test
    void readsAGoStyleProfileWithInlinedLinesUnpackedFieldsAndNumericLabels() throws IOException {
        // strings: 0 "", 1 samples, 2 count, 3 cpu, 4 nanoseconds, 5 main.work, 6 main.go, 7 main.main, 8 bytes, 9 /bin/app
        ProtoWriter w = new ProtoWriter()
                .message(1, new ProtoWriter().int64(1, 1).int64(2, 2))
                .message(1, new ProtoWriter().int64(1, 3).int64(2, 4));
        // location_id and value unpacked, one tag per element, as some encoders write them
        ProtoWriter sample = new ProtoWriter();
        sample.tag(1, ProtoWriter.VARINT).varint(1);
        sample.tag(2, ProtoWriter.VARINT).varint(3);
        sample.tag(2, ProtoWriter.VARINT).varint(30_000_000);
        sample.message(3, new ProtoWriter().int64(1, 8).int64(3, 4096));
        w.message(2, sample);
        w.message(3, new ProtoWriter().int64(1, 7).int64(5, 9).int64(7, 1));
        // one location holding main.work inlined into main.main
        w.message(4, new ProtoWriter().int64(1, 1).int64(2, 7).int64(3, 0x401000)
                .message(4, new ProtoWriter().int64(1, 1).int64(2, 12))
                .message(4, new ProtoWriter().int64(1, 2).int64(2, 30)));
        w.message(5, new ProtoWriter().int64(1, 1).int64(2, 5).int64(4, 6));
        w.message(5, new ProtoWriter().int64(1, 2).int64(2, 7).int64(4, 6));
        for (String s : List.of("", "samples", "count", "cpu", "nanoseconds", "main.work", "main.go", "main.main", "bytes", "/bin/app")) {
            w.string(6, s);
        }
        w.message(11, new ProtoWriter().int64(1, 3).int64(2, 4)).int64(12, 10_000_000);

        Profile p = PprofDecoder.decode(gzip(w.toByteArray()));
        assertEquals(1, p.samples().size());
        Sample s = p.samples().get(0);
        assertEquals(SampleType.CPU, s.type());
        assertEquals(3, s.count());
        assertEquals(30_000_000, s.value());
        assertEquals(Map.of("bytes", "4096"), s.labels());
        assertEquals(List.of(new Frame("main", "work", "main.go", 12, FrameType.INLINED),
                new Frame("main", "main", "main.go", 30, FrameType.JAVA)), s.stack().frames());
        assertEquals(Map.of(SampleType.CPU, 10_000_000L), p.periods());
    }

    @Test
    void convertsTimeUnitsAndCountsOneSampleWithoutACountColumn() throws IOException {
        // strings: 0 "", 1 wall, 2 milliseconds, 3 f
        ProtoWriter w = new ProtoWriter()
                .message(1, new ProtoWriter().int64(1, 1).int64(2, 2))
                .message(2, new ProtoWriter().packed(1, new long[] {1}).packed(2, new long[] {5}))
                .message(4, new ProtoWriter().int64(1, 1).message(4, new ProtoWriter().int64(1, 1)))
                .message(5, new ProtoWriter().int64(1, 1).int64(2, 3));
        for (String s : List.of("", "wall", "milliseconds", "f")) w.string(6, s);
        Sample s = PprofDecoder.decode(w.toByteArray()).samples().get(0);
        assertEquals(SampleType.WALL, s.type());
        assertEquals(5_000_000, s.value());
        assertEquals(1, s.count());
    }

    @Test
    void rejectsProfilesWithoutAnyKnownSampleType() {
        ProtoWriter w = new ProtoWriter().message(1, new ProtoWriter().int64(1, 1).int64(2, 2));
        for (String s : List.of("", "goroutine", "count")) w.string(6, s);
        IOException e = assertThrows(IOException.class, () -> PprofDecoder.decode(w.toByteArray()));
        assertTrue(e.getMessage().contains("[goroutine/count]"), e.getMessage());
        assertTrue(e.getMessage().contains("cpu or wall"), e.getMessage());
    }

    @Test
    void rejectsTruncatedInput() {
        byte[] raw = PprofEncoder.encode(Fixtures.allTypes());
        for (int cut : new int[] {1, 7, raw.length / 2, raw.length - 1}) {
            byte[] truncated = Arrays.copyOf(raw, cut);
            assertThrows(IOException.class, () -> PprofDecoder.decode(truncated), "cut at " + cut);
        }
    }

    @Test
    void rejectsGarbageAndOverlongVarints() {
        IOException garbage = assertThrows(IOException.class,
                () -> PprofDecoder.decode(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 1, 2, 3}));
        assertTrue(garbage.getMessage().startsWith("malformed pprof"), garbage.getMessage());
        byte[] overlong = new byte[12];
        Arrays.fill(overlong, 1, 12, (byte) 0x80);
        overlong[0] = 9 << 3; // time_nanos, then a varint that never ends
        IOException e = assertThrows(IOException.class, () -> PprofDecoder.decode(overlong));
        assertTrue(e.getMessage().contains("varint"), e.getMessage());
    }

    @Test
    void rejectsLengthsBeyondTheInput() {
        byte[] hugeString = {6 << 3 | 2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        IOException e = assertThrows(IOException.class, () -> PprofDecoder.decode(hugeString));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }

    @Test
    void rejectsDanglingReferencesAndInconsistentSamples() {
        ProtoWriter missingLocation = sampleTypes().message(2, new ProtoWriter().packed(1, new long[] {9}).packed(2, new long[] {1, 1}));
        assertMalformed(missingLocation, "missing location 9");

        ProtoWriter wrongValueCount = sampleTypes().message(2, new ProtoWriter().packed(2, new long[] {1}));
        assertMalformed(wrongValueCount, "1 values for 2 sample types");

        ProtoWriter badString = new ProtoWriter().message(1, new ProtoWriter().int64(1, 99));
        badString.string(6, "");
        assertMalformed(badString, "string index 99");

        ProtoWriter nonEmptyFirst = new ProtoWriter().string(6, "x");
        IOException e = assertThrows(IOException.class, () -> PprofDecoder.decode(nonEmptyFirst.toByteArray()));
        assertTrue(e.getMessage().contains("string_table[0]"), e.getMessage());
    }

    @Test
    void capsTheDecompressedSize() throws IOException {
        byte[] bomb = gzip(new byte[4 << 20]); // 4 MiB of zeros compresses to a few KiB
        IOException e = assertThrows(IOException.class, () -> PprofDecoder.decode(new ByteArrayInputStream(bomb), 1 << 20));
        assertTrue(e.getMessage().contains("exceeds 1048576 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PprofDecoder.decode(new ByteArrayInputStream(bomb), 0));
    }

    @Test
    void periodsCommentIsRecognisedOnlyWhenWellFormed() {
        assertEquals(Map.of(SampleType.WALL, 5L, SampleType.LOCK, 7L), PprofDecoder.parsePeriodsComment("reqprof periods: WALL=5 LOCK=7"));
        assertNull(PprofDecoder.parsePeriodsComment("reqprof periods: WALL=x"));
        assertNull(PprofDecoder.parsePeriodsComment("reqprof periods: HEAP=1"));
        assertNull(PprofDecoder.parsePeriodsComment("something else"));
    }

    private static ProtoWriter sampleTypes() {
        ProtoWriter w = new ProtoWriter()
                .message(1, new ProtoWriter().int64(1, 1).int64(2, 2))
                .message(1, new ProtoWriter().int64(1, 3).int64(2, 4));
        for (String s : List.of("", "sample", "count", "cpu", "nanoseconds")) w.string(6, s);
        return w;
    }

    private static void assertMalformed(ProtoWriter w, String expected) {
        IOException e = assertThrows(IOException.class, () -> PprofDecoder.decode(w.toByteArray()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
