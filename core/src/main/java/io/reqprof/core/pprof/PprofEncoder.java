package io.reqprof.core.pprof;

import io.reqprof.core.internal.proto.ProtoWriter;
import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.FrameType;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Encodes a {@link Profile} as pprof ({@code perftools.profiles.Profile} from google/pprof's
 * {@code profile.proto}), readable by {@code go tool pprof}, Cloud Profiler, Pyroscope and others.
 *
 * <p>Column layout: a profile of one type uses that type's own names (CPU:
 * {@code sample/count, cpu/nanoseconds}). With several types each contributes a count and a
 * value column, with count columns renamed to stay unique ({@code cpu_samples},
 * {@code wall_samples}, {@code alloc_objects}, {@code contentions}); a sample of one type has
 * zeros in the other types' columns. The default sample type is {@code cpu} when present.
 *
 * <p>Functions are keyed by (name, file) and locations by (function, line, frame kind), one line
 * each; ids start at 1. Each frame kind has a pseudo-mapping ({@code [java]},
 * {@code [java-inlined]}, {@code [native]}, {@code [jvm]}, {@code [kernel]}), marked as
 * symbolized, so that {@link PprofDecoder} can restore the frame kind.
 *
 * <p>Comments: the engine description, the profile's comments, then, when types other than
 * the default one have a sampling period, a {@code reqprof periods: WALL=50000000 ...} line,
 * because pprof has a single {@code period} field.
 */
public final class PprofEncoder {
    /** Prefix of the comment carrying the periods that pprof's single period field cannot. */
    static final String PERIODS_COMMENT = "reqprof periods:";

    private final StringTable strings = new StringTable();
    private final Map<FunctionKey, Long> functions = new HashMap<>();
    private final Map<LocationKey, Long> locations = new HashMap<>();
    private final Map<FrameType, Long> mappings = new EnumMap<>(FrameType.class);
    private final ProtoWriter locationsOut = new ProtoWriter();
    private final ProtoWriter functionsOut = new ProtoWriter();

    private record FunctionKey(String name, String file) { }

    private record LocationKey(long functionId, int line, FrameType kind) { }

    private PprofEncoder() {
    }

    /** Raw, uncompressed pprof bytes with every type of {@link Profile#types()}. */
    public static byte[] encode(Profile p) {
        return encode(p, List.copyOf(p.types()));
    }

    /** Gzip-compressed pprof bytes (the on-disk form pprof tools expect) with every type. */
    public static byte[] encodeGzip(Profile p) {
        return gzip(encode(p));
    }

    /**
     * Gzip-compressed pprof of a single type, named as a single-type profile ({@code sample},
     * {@code cpu}); the type gets its column even when the profile has no samples of it.
     */
    public static byte[] encodeGzip(Profile p, SampleType only) {
        return gzip(encode(p, List.of(Objects.requireNonNull(only, "only"))));
    }

    /** Writes gzip-compressed pprof with every type to {@code out}, which stays open. */
    public static void writeGzip(Profile p, OutputStream out) throws IOException {
        out.write(Gzip.compress(encode(p)));
        // not closed: the caller's stream
    }

    /** Raw pprof bytes with exactly the given types' columns, in the given order. */
    static byte[] encode(Profile p, List<SampleType> types) {
        return new PprofEncoder().write(p, types);
    }

    private byte[] write(Profile p, List<SampleType> types) {
        boolean alone = types.size() == 1;
        ProtoWriter head = new ProtoWriter();
        for (SampleType t : types) {
            head.message(1, valueType(SampleColumns.countName(t, alone), t.countUnit()));
            head.message(1, valueType(SampleColumns.valueName(t), t.valueUnit()));
        }
        for (Sample s : p.samples()) {
            int column = types.indexOf(s.type());
            if (column >= 0) head.message(2, sample(s, column, types.size()));
        }

        ProtoWriter tail = new ProtoWriter().int64(9, p.startEpochNanos()).int64(10, p.durationNanos());
        SampleType defaultType = types.contains(SampleType.CPU) ? SampleType.CPU : types.isEmpty() ? null : types.get(0);
        if (defaultType != null) {
            tail.message(11, valueType(SampleColumns.valueName(defaultType), defaultType.valueUnit()));
            tail.int64(12, p.periods().getOrDefault(defaultType, 0L));
        }
        for (String c : comments(p, types, defaultType)) tail.tag(13, ProtoWriter.VARINT).varint(strings.intern(c));
        if (defaultType != null) tail.int64(14, strings.intern(SampleColumns.valueName(defaultType)));

        ProtoWriter mappingsOut = new ProtoWriter();
        mappings.forEach((kind, id) -> mappingsOut.message(3, mapping(id, FrameKinds.mappingName(kind))));

        // every string is interned by now, so the table can be written; fields go in number order
        ProtoWriter out = new ProtoWriter().append(head).append(mappingsOut).append(locationsOut).append(functionsOut);
        for (String s : strings.strings()) out.string(6, s);
        return out.append(tail).toByteArray();
    }

    private ProtoWriter sample(Sample s, int column, int columns) {
        long[] locationIds = new long[s.stack().depth()];
        for (int i = 0; i < locationIds.length; i++) locationIds[i] = location(s.stack().frame(i));
        long[] values = new long[columns * 2];
        values[column * 2] = s.count();
        values[column * 2 + 1] = s.value();
        ProtoWriter w = new ProtoWriter().packed(1, locationIds).packed(2, values);
        // sorted so that equal profiles encode to equal bytes
        new TreeMap<>(s.labels()).forEach((k, v) ->
                w.message(3, new ProtoWriter().int64(1, strings.intern(k)).int64(2, strings.intern(v))));
        return w;
    }

    private long location(Frame f) {
        long functionId = function(f);
        int line = Math.max(f.line(), 0);
        return locations.computeIfAbsent(new LocationKey(functionId, line, f.type()), k -> {
            long id = locations.size() + 1L;
            ProtoWriter line1 = new ProtoWriter().int64(1, functionId).int64(2, line);
            locationsOut.message(4, new ProtoWriter().int64(1, id).int64(2, mapping(f.type())).message(4, line1));
            return id;
        });
    }

    private long function(Frame f) {
        return functions.computeIfAbsent(new FunctionKey(f.functionName(), f.fileName()), k -> {
            long id = functions.size() + 1L;
            long name = strings.intern(k.name());
            functionsOut.message(5, new ProtoWriter().int64(1, id).int64(2, name).int64(3, name)
                    .int64(4, strings.intern(k.file())));
            return id;
        });
    }

    /** Mapping id of a frame kind; mappings are written in kind order, so [java] comes first. */
    private long mapping(FrameType kind) {
        return mappings.computeIfAbsent(kind, k -> mappings.size() + 1L);
    }

    private ProtoWriter mapping(long id, String name) {
        // has_functions etc. tell pprof tools the frames are already symbolized
        return new ProtoWriter().int64(1, id).int64(5, strings.intern(name))
                .int64(7, 1).int64(8, 1).int64(9, 1).int64(10, 1);
    }

    private ProtoWriter valueType(String type, String unit) {
        return new ProtoWriter().int64(1, strings.intern(type)).int64(2, strings.intern(unit));
    }

    private static List<String> comments(Profile p, List<SampleType> types, SampleType defaultType) {
        List<String> comments = new ArrayList<>();
        if (p.engine() != null) comments.add(p.engine().describe());
        comments.addAll(p.comments());
        StringBuilder periods = new StringBuilder(PERIODS_COMMENT);
        for (SampleType t : types) {
            Long period = p.periods().get(t);
            if (t != defaultType && period != null) periods.append(' ').append(t.name()).append('=').append(period);
        }
        if (periods.length() > PERIODS_COMMENT.length()) comments.add(periods.toString());
        return comments;
    }

    private static byte[] gzip(byte[] raw) {
        return Gzip.compress(raw);
    }
}
