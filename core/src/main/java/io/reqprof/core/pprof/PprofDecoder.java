package io.reqprof.core.pprof;

import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.FrameType;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.ProfileBuilder;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.profile.StackTrace;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Parses pprof (gzip-compressed or raw) into a {@link Profile}. Round-trips what
 * {@link PprofEncoder} writes: types, counts, values, stacks with frame kinds, labels, periods,
 * start time and duration. The engine is not restored ({@link Profile#engine()} is null); its
 * description stays among the comments.
 *
 * <p>Profiles from other tools: value columns named {@code cpu}, {@code wall} (time units),
 * {@code alloc_space} (bytes) and {@code delay} (time units) become CPU, WALL, ALLOC and LOCK;
 * times are converted to nanoseconds. The count of a value column is the {@code count}-unit
 * column just before it, or 1 per sample when there is none. Other columns (such as
 * {@code inuse_space}, which is live heap rather than allocation) are ignored; a profile with
 * no column reqprof understands is rejected. Frames without one of reqprof's pseudo-mappings
 * are typed {@link FrameType#JAVA}, lines inlined into a later line of the same location
 * {@link FrameType#INLINED}; numeric labels become decimal strings; of repeated label keys
 * the first wins.
 *
 * <p>Hostile input: the decompressed size is capped ({@link #DEFAULT_MAX_BYTES} unless given),
 * the frames that stacks expand to are capped in proportion to it, and any malformed or
 * inconsistent content fails with an {@link IOException}.
 */
public final class PprofDecoder {
    /** Cap on the decompressed profile size when none is given: 64 MiB. */
    public static final int DEFAULT_MAX_BYTES = 64 << 20;

    private final RawProfile raw;
    private final Map<Long, Frame[]> framesByLocation = new HashMap<>();
    private long frameBudget;

    private record Column(SampleType type, int countIndex, int valueIndex, long scale) { }

    private PprofDecoder(RawProfile raw, long frameBudget) {
        this.raw = raw;
        this.frameBudget = frameBudget;
    }

    /** Decodes gzip-compressed or raw pprof bytes, at most {@link #DEFAULT_MAX_BYTES} decompressed. */
    public static Profile decode(byte[] data) throws IOException {
        if (!isGzip(data) && data.length <= DEFAULT_MAX_BYTES) return parse(data);
        return decode(new ByteArrayInputStream(data), DEFAULT_MAX_BYTES);
    }

    /** Decodes gzip-compressed or raw pprof from a stream, which is read to its end but not closed. */
    public static Profile decode(InputStream in) throws IOException {
        return decode(in, DEFAULT_MAX_BYTES);
    }

    /**
     * Decodes gzip-compressed or raw pprof, failing once more than {@code maxBytes} bytes of
     * decompressed profile have been read (the guard against gzip bombs).
     */
    public static Profile decode(InputStream in, int maxBytes) throws IOException {
        if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be > 0, was " + maxBytes);
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(2);
        byte[] magic = buffered.readNBytes(2);
        buffered.reset();
        if (!isGzip(magic)) return parse(readAtMost(buffered, maxBytes));
        // closed to free the inflater's native memory now; the shield keeps the caller's stream open
        InputStream shield = new FilterInputStream(buffered) {
            @Override
            public void close() {
            }
        };
        byte[] bytes;
        try (GZIPInputStream gz = new GZIPInputStream(shield)) {
            bytes = readAtMost(gz, maxBytes);
        }
        return parse(bytes);
    }

    private static Profile parse(byte[] bytes) throws IOException {
        // legitimate stacks expand to about one frame per encoded location id; inline-heavy
        // locations add a few more, while a hostile file could multiply without bound
        return new PprofDecoder(RawProfile.parse(bytes), 4L * bytes.length + 1_000_000).toProfile();
    }

    private static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B;
    }

    private static byte[] readAtMost(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        for (int n; (n = in.read(chunk)) > 0; ) {
            if (out.size() + (long) n > maxBytes) throw new IOException("pprof profile exceeds " + maxBytes + " bytes decompressed");
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    private Profile toProfile() throws IOException {
        if (raw.strings.isEmpty() || !raw.strings.get(0).isEmpty()) {
            throw new IOException("malformed pprof: string_table[0] must be the empty string");
        }
        List<Column> columns = columns();
        ProfileBuilder b = new ProfileBuilder().startEpochNanos(raw.timeNanos).durationNanos(raw.durationNanos);
        for (RawProfile.Sample s : raw.samples) {
            if (s.values().length != raw.sampleTypes.size()) {
                throw new IOException("malformed pprof: a sample has " + s.values().length + " values for "
                        + raw.sampleTypes.size() + " sample types");
            }
            StackTrace stack = stack(s.locationIds());
            Map<String, String> labels = labels(s.labels());
            for (Column c : columns) {
                long value = scaled(s.values()[c.valueIndex()], c.scale());
                long count = c.countIndex() >= 0 ? s.values()[c.countIndex()] : value != 0 ? 1 : 0;
                if (count != 0 || value != 0) b.add(c.type(), stack, count, value, labels);
            }
        }
        periods(b);
        return b.build();
    }

    /** The value columns reqprof understands, each with its count column when there is one. */
    private List<Column> columns() throws IOException {
        List<Column> columns = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < raw.sampleTypes.size(); i++) {
            String name = raw.string(raw.sampleTypes.get(i).type());
            String unit = raw.string(raw.sampleTypes.get(i).unit());
            seen.add(name + "/" + unit);
            SampleType type = SampleColumns.typeOfValueColumn(name);
            long scale = type == null ? 0 : SampleColumns.scale(type, unit);
            if (scale == 0 || columns.stream().anyMatch(c -> c.type() == type)) continue;
            columns.add(new Column(type, isCountColumn(i - 1) ? i - 1 : -1, i, scale));
        }
        if (columns.isEmpty() && !raw.sampleTypes.isEmpty()) {
            throw new IOException("pprof sample types " + seen + " hold none that reqprof models: expected a value column "
                    + "cpu or wall (time unit), alloc_space (bytes) or delay (time unit)");
        }
        return columns;
    }

    private boolean isCountColumn(int i) throws IOException {
        if (i < 0) return false;
        RawProfile.ValueType vt = raw.sampleTypes.get(i);
        return raw.string(vt.unit()).equals("count") && SampleColumns.typeOfValueColumn(raw.string(vt.type())) == null;
    }

    private void periods(ProfileBuilder b) throws IOException {
        if (raw.periodType != null && raw.period != 0) {
            SampleType type = SampleColumns.typeOfValueColumn(raw.string(raw.periodType.type()));
            long scale = type == null ? 0 : SampleColumns.scale(type, raw.string(raw.periodType.unit()));
            if (scale != 0) b.period(type, scaled(raw.period, scale));
        }
        for (long index : raw.comments) {
            String comment = raw.string(index);
            Map<SampleType, Long> periods = parsePeriodsComment(comment);
            if (periods == null) b.comment(comment);
            else periods.forEach(b::period);
        }
    }

    /** The periods in a comment written by {@link PprofEncoder}, or null for any other comment. */
    static Map<SampleType, Long> parsePeriodsComment(String comment) {
        if (!comment.startsWith(PprofEncoder.PERIODS_COMMENT)) return null;
        Map<SampleType, Long> periods = new EnumMap<>(SampleType.class);
        for (String token : comment.substring(PprofEncoder.PERIODS_COMMENT.length()).trim().split(" ")) {
            int eq = token.indexOf('=');
            try {
                periods.put(SampleType.valueOf(token.substring(0, Math.max(eq, 0))), Long.parseLong(token.substring(eq + 1)));
            } catch (IllegalArgumentException e) { // includes NumberFormatException
                return null;
            }
        }
        return periods;
    }

    private StackTrace stack(long[] locationIds) throws IOException {
        List<Frame> frames = new ArrayList<>(locationIds.length);
        for (long id : locationIds) {
            Frame[] f = framesByLocation.get(id);
            if (f == null) framesByLocation.put(id, f = frames(id));
            frameBudget -= f.length;
            if (frameBudget < 0) throw new IOException("pprof stacks expand to more frames than the input size allows");
            frames.addAll(Arrays.asList(f));
        }
        return StackTrace.ofLeafFirst(frames);
    }

    /** A location's frames, innermost first: pprof lists inlined callees before their caller. */
    private Frame[] frames(long locationId) throws IOException {
        RawProfile.Location loc = raw.locations.get(locationId);
        if (loc == null) throw new IOException("malformed pprof: sample refers to missing location " + locationId);
        FrameType kind = null;
        if (loc.mappingId() != 0) {
            Long filename = raw.mappingFilenames.get(loc.mappingId());
            if (filename == null) throw new IOException("malformed pprof: location refers to missing mapping " + loc.mappingId());
            kind = FrameKinds.fromMappingName(raw.string(filename));
        }
        if (loc.lines().isEmpty()) {
            String name = loc.address() != 0 ? "0x" + Long.toHexString(loc.address()) : "[unknown]";
            return new Frame[] {Frame.symbol(name, kind == null ? FrameType.NATIVE : kind)};
        }
        Frame[] frames = new Frame[loc.lines().size()];
        for (int i = 0; i < frames.length; i++) {
            RawProfile.Line line = loc.lines().get(i);
            RawProfile.Function fn = raw.functions.get(line.functionId());
            if (fn == null) throw new IOException("malformed pprof: location refers to missing function " + line.functionId());
            String name = raw.string(fn.name());
            if (name.isEmpty()) name = raw.string(fn.systemName());
            FrameType type = i < frames.length - 1 ? FrameType.INLINED : kind == null ? FrameType.JAVA : kind;
            int lineNumber = line.line() > 0 && line.line() <= Integer.MAX_VALUE ? (int) line.line() : 0;
            frames[i] = frame(name, raw.string(fn.filename()), lineNumber, type);
        }
        return frames;
    }

    /** Splits {@code com.example.Service.handle} at the last dot: JVM method names cannot contain dots. */
    private static Frame frame(String name, String file, int line, FrameType type) {
        int dot = name.lastIndexOf('.');
        boolean java = type == FrameType.JAVA || type == FrameType.INLINED;
        if (!java || dot <= 0 || dot == name.length() - 1) return new Frame("", name, file, line, type);
        return new Frame(name.substring(0, dot), name.substring(dot + 1), file, line, type);
    }

    private Map<String, String> labels(List<RawProfile.Label> raws) throws IOException {
        if (raws.isEmpty()) return Map.of();
        Map<String, String> labels = new LinkedHashMap<>();
        for (RawProfile.Label l : raws) {
            String value = l.str() == 0 && l.num() != 0 ? Long.toString(l.num()) : raw.string(l.str());
            labels.putIfAbsent(raw.string(l.key()), value);
        }
        return labels;
    }

    private static long scaled(long value, long scale) throws IOException {
        try {
            return Math.multiplyExact(value, scale);
        } catch (ArithmeticException e) {
            throw new IOException("pprof value " + value + " overflows when converted to nanoseconds", e);
        }
    }
}
