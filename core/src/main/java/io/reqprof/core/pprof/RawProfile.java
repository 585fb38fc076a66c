package io.reqprof.core.pprof;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pprof message as it is on the wire: ids and string-table indices not yet resolved, because
 * the string table and the tables ids point into may come after the fields that use them.
 * Fields reqprof has no use for (drop_frames, breakdowns, ...) are skipped.
 */
final class RawProfile {
    record ValueType(long type, long unit) { }

    record Label(long key, long str, long num) { }

    record Sample(long[] locationIds, long[] values, List<Label> labels) { }

    record Line(long functionId, long line) { }

    record Location(long mappingId, long address, List<Line> lines) { }

    record Function(long name, long systemName, long filename) { }

    final List<ValueType> sampleTypes = new ArrayList<>();
    final List<Sample> samples = new ArrayList<>();
    final Map<Long, Long> mappingFilenames = new HashMap<>();
    final Map<Long, Location> locations = new HashMap<>();
    final Map<Long, Function> functions = new HashMap<>();
    final List<String> strings = new ArrayList<>();
    final List<Long> comments = new ArrayList<>();
    long timeNanos;
    long durationNanos;
    ValueType periodType;
    long period;
    long defaultSampleType;

    static RawProfile parse(byte[] bytes) throws IOException {
        RawProfile p = new RawProfile();
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> p.sampleTypes.add(valueType(r.message()));
                case 2 -> p.samples.add(sample(r.message()));
                case 3 -> mapping(r.message(), p.mappingFilenames);
                case 4 -> location(r.message(), p.locations);
                case 5 -> function(r.message(), p.functions);
                case 6 -> p.strings.add(r.string());
                case 9 -> p.timeNanos = r.int64();
                case 10 -> p.durationNanos = r.int64();
                case 11 -> p.periodType = valueType(r.message());
                case 12 -> p.period = r.int64();
                case 13 -> p.comments.add(r.int64());
                case 14 -> p.defaultSampleType = r.int64();
                default -> r.skip();
            }
        }
        return p;
    }

    /** Resolves a string-table index, rejecting indices a well-formed profile cannot have. */
    String string(long index) throws IOException {
        if (index < 0 || index >= strings.size()) {
            throw new IOException("malformed pprof: string index " + index + " outside the table of " + strings.size());
        }
        return strings.get((int) index);
    }

    private static ValueType valueType(ProtoReader r) throws IOException {
        long type = 0, unit = 0;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> type = r.int64();
                case 2 -> unit = r.int64();
                default -> r.skip();
            }
        }
        return new ValueType(type, unit);
    }

    private static Sample sample(ProtoReader r) throws IOException {
        ProtoReader.Longs locationIds = new ProtoReader.Longs();
        ProtoReader.Longs values = new ProtoReader.Longs();
        List<Label> labels = new ArrayList<>(0);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> r.repeated(locationIds);
                case 2 -> r.repeated(values);
                case 3 -> labels.add(label(r.message()));
                default -> r.skip();
            }
        }
        return new Sample(locationIds.toArray(), values.toArray(), labels);
    }

    private static Label label(ProtoReader r) throws IOException {
        long key = 0, str = 0, num = 0;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> key = r.int64();
                case 2 -> str = r.int64();
                case 3 -> num = r.int64();
                default -> r.skip();
            }
        }
        return new Label(key, str, num);
    }

    private static void mapping(ProtoReader r, Map<Long, Long> filenames) throws IOException {
        long id = 0, filename = 0;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> id = r.int64();
                case 5 -> filename = r.int64();
                default -> r.skip();
            }
        }
        if (id == 0 || filenames.put(id, filename) != null) throw invalidId("mapping", id);
    }

    private static void location(ProtoReader r, Map<Long, Location> locations) throws IOException {
        long id = 0, mappingId = 0, address = 0;
        List<Line> lines = new ArrayList<>(1);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> id = r.int64();
                case 2 -> mappingId = r.int64();
                case 3 -> address = r.int64();
                case 4 -> lines.add(line(r.message()));
                default -> r.skip();
            }
        }
        if (id == 0 || locations.put(id, new Location(mappingId, address, lines)) != null) throw invalidId("location", id);
    }

    private static Line line(ProtoReader r) throws IOException {
        long functionId = 0, line = 0;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> functionId = r.int64();
                case 2 -> line = r.int64();
                default -> r.skip();
            }
        }
        return new Line(functionId, line);
    }

    private static void function(ProtoReader r, Map<Long, Function> functions) throws IOException {
        long id = 0, name = 0, systemName = 0, filename = 0;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> id = r.int64();
                case 2 -> name = r.int64();
                case 3 -> systemName = r.int64();
                case 4 -> filename = r.int64();
                default -> r.skip();
            }
        }
        if (id == 0 || functions.put(id, new Function(name, systemName, filename)) != null) throw invalidId("function", id);
    }

    private static IOException invalidId(String what, long id) {
        return new IOException("malformed pprof: " + what + " id " + id + (id == 0 ? " (ids must be nonzero)" : " used twice"));
    }
}
