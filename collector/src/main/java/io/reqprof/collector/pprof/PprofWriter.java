package io.reqprof.collector.pprof;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes pprof: a merged {@link StackTree} as one gzip profile (one sample per call path with
 * self values), or samples built by a converter. Functions and locations are one per function
 * name; there are no mappings or addresses, which pprof tools accept for symbolized profiles.
 */
public final class PprofWriter {
    private final List<ValueType> columns;
    private final Map<String, Integer> strings = new HashMap<>();
    private final List<String> stringList = new ArrayList<>();
    private final Map<String, Long> functions = new HashMap<>();
    private final ByteArrayOutputStream samples = new ByteArrayOutputStream();
    private final CodedOutputStream samplesOut = CodedOutputStream.newInstance(samples);
    private long timeNanos;
    private long durationNanos;
    private ValueType periodType;
    private long period;

    /** A writer for profiles with these columns. */
    public PprofWriter(List<ValueType> columns) {
        this.columns = List.copyOf(columns);
        intern("");
    }

    /** Sets pprof {@code time_nanos} and {@code duration_nanos}. */
    public PprofWriter window(long timeNanos, long durationNanos) {
        this.timeNanos = timeNanos;
        this.durationNanos = durationNanos;
        return this;
    }

    /** Sets pprof {@code period_type} and {@code period}. */
    public PprofWriter period(ValueType type, long period) {
        this.periodType = type;
        this.period = period;
        return this;
    }

    /** Adds a sample: names innermost first, one value per column. */
    public PprofWriter sample(List<String> leafFirst, long[] values) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            CodedOutputStream b = CodedOutputStream.newInstance(body);
            long[] ids = new long[leafFirst.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = function(leafFirst.get(i));
            packed(b, 1, ids);
            packed(b, 2, values);
            b.flush();
            samplesOut.writeByteArray(2, body.toByteArray());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every node of {@code tree} with a nonzero self value becomes one sample. */
    public static byte[] writeGzip(StackTree tree, long timeNanos, long durationNanos) {
        PprofWriter w = new PprofWriter(tree.columns()).window(timeNanos, durationNanos);
        tree.walk((node, depth) -> {
            if (depth == 0) return;
            boolean any = false;
            for (int c = 0; c < tree.columns().size(); c++) any |= node.self(c) != 0;
            if (!any) return;
            List<String> leafFirst = StackTree.path(node);
            java.util.Collections.reverse(leafFirst);
            long[] self = new long[tree.columns().size()];
            for (int c = 0; c < self.length; c++) self[c] = node.self(c);
            w.sample(leafFirst, self);
        });
        return w.toGzip();
    }

    private long function(String name) {
        return functions.computeIfAbsent(name, k -> functions.size() + 1L);
    }

    private int intern(String s) {
        return strings.computeIfAbsent(s, k -> {
            stringList.add(k);
            return stringList.size() - 1;
        });
    }

    /** The gzip-compressed profile. */
    public byte[] toGzip() {
        try {
            samplesOut.flush();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(samples.size() + 4096);
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            for (ValueType t : columns) out.writeByteArray(1, valueType(t));
            out.writeRawBytes(samples.toByteArray());
            // one location per function, with the same id
            Map<Long, String> byId = new HashMap<>();
            functions.forEach((name, id) -> byId.put(id, name));
            for (long id = 1; id <= byId.size(); id++) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                CodedOutputStream l = CodedOutputStream.newInstance(line);
                l.writeUInt64(1, id);
                l.flush();
                ByteArrayOutputStream loc = new ByteArrayOutputStream();
                CodedOutputStream lo = CodedOutputStream.newInstance(loc);
                lo.writeUInt64(1, id);
                lo.writeByteArray(4, line.toByteArray());
                lo.flush();
                out.writeByteArray(4, loc.toByteArray());
            }
            for (long id = 1; id <= byId.size(); id++) {
                int name = intern(byId.get(id));
                ByteArrayOutputStream fn = new ByteArrayOutputStream();
                CodedOutputStream f = CodedOutputStream.newInstance(fn);
                f.writeUInt64(1, id);
                f.writeInt64(2, name);
                f.writeInt64(3, name);
                f.flush();
                out.writeByteArray(5, fn.toByteArray());
            }
            byte[] period = periodType == null ? null : valueType(periodType);
            for (String s : new ArrayList<>(stringList)) out.writeString(6, s);
            if (timeNanos != 0) out.writeInt64(9, timeNanos);
            if (durationNanos != 0) out.writeInt64(10, durationNanos);
            if (period != null) {
                out.writeByteArray(11, period);
                out.writeInt64(12, this.period);
            }
            out.flush();
            return Gzip.gzip(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] valueType(ValueType t) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(b);
        o.writeInt64(1, intern(t.type()));
        o.writeInt64(2, intern(t.unit()));
        o.flush();
        return b.toByteArray();
    }

    private static void packed(CodedOutputStream out, int field, long[] values) throws IOException {
        if (values.length == 0) return;
        int size = 0;
        for (long v : values) size += CodedOutputStream.computeInt64SizeNoTag(v);
        out.writeTag(field, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(size);
        for (long v : values) out.writeInt64NoTag(v);
    }
}
