package io.reqprof.collector.pprof;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses pprof ({@code perftools.profiles.Profile}) strictly: every id a sample or location
 * refers to must exist, every string index must be inside the table, each sample must have one
 * value per column. Anything else is an {@link InvalidProfileException} whose message says what
 * is wrong, so an uploader learns why its profile was refused. The {@link ParseLimits} are checked
 * as the bytes are read, before the memory they would take is spent. Any profile type is accepted
 * (CPU, wall, heap, threads, contention, ...): the collector stores what agents send.
 */
public final class PprofReader {
    private record Location(long[] functionIds) { }

    private record RawSample(long[] locationIds, long[] values) { }

    private final List<long[]> sampleTypes = new ArrayList<>();
    private final List<RawSample> rawSamples = new ArrayList<>();
    private final Map<Long, Location> locations = new HashMap<>();
    private final Map<Long, long[]> functions = new HashMap<>();
    private final List<String> strings = new ArrayList<>();
    private final Map<Long, String[]> namesByLocation = new HashMap<>();
    private long timeNanos;
    private long durationNanos;
    private long[] periodType;
    private long period;
    private final ParseLimits limits;
    /** Location ids of the samples read so far, then frames resolved: both bounded by maxFrames. */
    private long frames;
    /** Line entries of all locations: inlined frames, bounded by maxFrames. */
    private long lines;

    private PprofReader(ParseLimits limits) {
        this.limits = limits;
    }

    /** Parses decompressed pprof bytes under the default {@link ParseLimits}. */
    public static PprofProfile parse(byte[] raw) throws InvalidProfileException {
        return parse(raw, ParseLimits.DEFAULT);
    }

    /**
     * Parses decompressed pprof bytes.
     *
     * @throws InvalidProfileException with the reason when the bytes are not a well-formed profile,
     *                                 {@linkplain InvalidProfileException#overLimit() over a limit} when they hold more than {@code limits} allow
     */
    public static PprofProfile parse(byte[] raw, ParseLimits limits) throws InvalidProfileException {
        PprofReader r = new PprofReader(limits);
        try {
            r.read(CodedInputStream.newInstance(raw));
        } catch (IOException | RuntimeException e) {
            throw new InvalidProfileException("malformed pprof: " + e.getMessage(), e);
        }
        r.frames = 0;
        return r.resolve();
    }

    private void read(CodedInputStream in) throws IOException, InvalidProfileException {
        while (true) {
            int tag = in.readTag();
            if (tag == 0) return;
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    if (sampleTypes.size() == ParseLimits.MAX_COLUMNS) {
                        throw InvalidProfileException.overLimit("profile exceeds the limit of " + ParseLimits.MAX_COLUMNS + " sample types");
                    }
                    sampleTypes.add(valueType(message(in, tag)));
                }
                case 2 -> {
                    if (rawSamples.size() == limits.maxSamples()) throw over("samples", limits.maxSamples(), "--max-samples");
                    RawSample s = sample(message(in, tag));
                    frames += s.locationIds().length;
                    rawSamples.add(s);
                }
                case 4 -> {
                    if (locations.size() == limits.maxSymbols()) throw over("locations", limits.maxSymbols(), "--max-symbols");
                    location(message(in, tag));
                }
                case 5 -> {
                    if (functions.size() == limits.maxSymbols()) throw over("functions", limits.maxSymbols(), "--max-symbols");
                    function(message(in, tag));
                }
                case 6 -> {
                    if (strings.size() == limits.maxSymbols()) throw over("strings", limits.maxSymbols(), "--max-symbols");
                    strings.add(stringField(in, tag));
                }
                case 9 -> timeNanos = varint(in, tag);
                case 10 -> durationNanos = varint(in, tag);
                case 11 -> periodType = valueType(message(in, tag));
                case 12 -> period = varint(in, tag);
                default -> in.skipField(tag);
            }
        }
    }

    private PprofProfile resolve() throws InvalidProfileException {
        if (strings.isEmpty() || !strings.get(0).isEmpty()) {
            throw new InvalidProfileException("malformed pprof: string_table[0] must be the empty string");
        }
        if (sampleTypes.isEmpty()) throw new InvalidProfileException("malformed pprof: no sample_type");
        List<ValueType> columns = new ArrayList<>(sampleTypes.size());
        for (long[] t : sampleTypes) columns.add(new ValueType(string(t[0]), string(t[1])));
        List<PprofProfile.Sample> samples = new ArrayList<>(rawSamples.size());
        for (int i = 0; i < rawSamples.size(); i++) {
            RawSample s = rawSamples.set(i, null); // its location ids can go once its names are resolved
            if (s.values().length != columns.size()) {
                throw new InvalidProfileException("malformed pprof: a sample has " + s.values().length
                        + " values but the profile has " + columns.size() + " sample types");
            }
            samples.add(new PprofProfile.Sample(stack(s.locationIds()), s.values()));
        }
        ValueType period = periodType == null ? null : new ValueType(string(periodType[0]), string(periodType[1]));
        if (timeNanos < 0 || durationNanos < 0) throw new InvalidProfileException("malformed pprof: negative time_nanos or duration_nanos");
        return new PprofProfile(columns, samples, timeNanos, durationNanos, period, this.period);
    }

    private String[] stack(long[] locationIds) throws InvalidProfileException {
        if (locationIds.length == 1) return names(locationIds[0]);
        List<String> out = new ArrayList<>(locationIds.length + 4);
        for (long id : locationIds) {
            for (String n : names(id)) out.add(n);
        }
        return out.toArray(new String[0]);
    }

    /** A location's function names, innermost first (pprof lists inlined callees before their caller). */
    private String[] names(long locationId) throws InvalidProfileException {
        String[] names = namesByLocation.get(locationId);
        if (names == null) {
            Location loc = locations.get(locationId);
            if (loc == null) throw new InvalidProfileException("malformed pprof: a sample refers to missing location " + locationId);
            if (loc.functionIds().length == 0) {
                names = new String[] {"[unknown]"};
            } else {
                names = new String[loc.functionIds().length];
                for (int i = 0; i < names.length; i++) {
                    long[] fn = functions.get(loc.functionIds()[i]);
                    if (fn == null) {
                        throw new InvalidProfileException("malformed pprof: location " + locationId
                                + " refers to missing function " + loc.functionIds()[i]);
                    }
                    String name = string(fn[0]);
                    names[i] = name.isEmpty() ? string(fn[1]) : name;
                    if (names[i].isEmpty()) names[i] = "[unknown]";
                }
            }
            namesByLocation.put(locationId, names);
        }
        frames += names.length;
        if (frames > limits.maxFrames()) throw over("frames in its stacks (inlined frames expanded)", limits.maxFrames(), "--max-frames");
        return names;
    }

    private static InvalidProfileException over(String what, int limit, String setting) {
        return InvalidProfileException.overLimit("profile exceeds the limit of " + limit + " " + what + " (" + setting + ")");
    }

    private String string(long index) throws InvalidProfileException {
        if (index < 0 || index >= strings.size()) {
            throw new InvalidProfileException("malformed pprof: string index " + index + " outside the table of " + strings.size());
        }
        return strings.get((int) index);
    }

    private static long[] valueType(CodedInputStream in) throws IOException {
        long type = 0, unit = 0;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> type = varint(in, tag);
                case 2 -> unit = varint(in, tag);
                default -> in.skipField(tag);
            }
        }
        return new long[] {type, unit};
    }

    private RawSample sample(CodedInputStream in) throws IOException, InvalidProfileException {
        Longs locationIds = new Longs();
        Longs values = new Longs();
        long framesLeft = limits.maxFrames() - frames;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> repeated(in, tag, locationIds, framesLeft);
                case 2 -> repeated(in, tag, values, ParseLimits.MAX_COLUMNS);
                default -> in.skipField(tag);
            }
        }
        if (locationIds.n > framesLeft) throw over("frames in its stacks", limits.maxFrames(), "--max-frames");
        if (values.n > ParseLimits.MAX_COLUMNS) throw new IOException("a sample has more than " + ParseLimits.MAX_COLUMNS + " values");
        return new RawSample(locationIds.toArray(), values.toArray());
    }

    private void location(CodedInputStream in) throws IOException, InvalidProfileException {
        long id = 0;
        Longs functionIds = new Longs();
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> id = varint(in, tag);
                case 4 -> {
                    if (++lines > limits.maxFrames()) throw over("frames in its locations", limits.maxFrames(), "--max-frames");
                    functionIds.add(lineFunction(message(in, tag)));
                }
                default -> in.skipField(tag);
            }
        }
        if (id == 0 || locations.put(id, new Location(functionIds.toArray())) != null) throw badId("location", id);
    }

    private static long lineFunction(CodedInputStream in) throws IOException {
        long functionId = 0;
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(tag) == 1) functionId = varint(in, tag);
            else in.skipField(tag);
        }
        return functionId;
    }

    private void function(CodedInputStream in) throws IOException {
        long id = 0, name = 0, systemName = 0;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> id = varint(in, tag);
                case 2 -> name = varint(in, tag);
                case 3 -> systemName = varint(in, tag);
                default -> in.skipField(tag);
            }
        }
        if (id == 0 || functions.put(id, new long[] {name, systemName}) != null) throw badId("function", id);
    }

    private static IOException badId(String what, long id) {
        return new IOException(what + " id " + id + (id == 0 ? " (ids must be nonzero)" : " used twice"));
    }

    private static CodedInputStream message(CodedInputStream in, int tag) throws IOException {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        return CodedInputStream.newInstance(in.readByteBuffer());
    }

    private static String stringField(CodedInputStream in, int tag) throws IOException {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        return in.readStringRequireUtf8();
    }

    private static long varint(CodedInputStream in, int tag) throws IOException {
        expect(tag, WireFormat.WIRETYPE_VARINT);
        return in.readInt64();
    }

    /** A repeated int64/uint64 field, packed or not; reading stops once it holds more than {@code max}. */
    private static void repeated(CodedInputStream in, int tag, Longs out, long max) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
            long v = in.readInt64();
            if (out.n <= max) out.add(v);
            return;
        }
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        int limit = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0 && out.n <= max) out.add(in.readInt64());
        in.skipRawBytes(in.getBytesUntilLimit());
        in.popLimit(limit);
    }

    private static void expect(int tag, int wireType) throws IOException {
        if (WireFormat.getTagWireType(tag) != wireType) {
            throw new IOException("field " + WireFormat.getTagFieldNumber(tag) + " has wire type "
                    + WireFormat.getTagWireType(tag) + ", expected " + wireType);
        }
    }

    /** A growable long array: samples hold thousands of these. */
    private static final class Longs {
        private long[] a = new long[8];
        private int n;

        void add(long v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
