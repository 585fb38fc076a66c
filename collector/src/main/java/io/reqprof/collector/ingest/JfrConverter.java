package io.reqprof.collector.ingest;

import io.reqprof.collector.pprof.InvalidProfileException;
import io.reqprof.collector.pprof.ParseLimits;
import io.reqprof.collector.pprof.PprofWriter;
import io.reqprof.collector.pprof.ValueType;
import io.reqprof.core.profile.Frame;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JFR (as Pyroscope's Java agent sends it: an async-profiler recording) to one gzip pprof per
 * profile type. Read with the JDK's own {@link RecordingFile}, which reads recordings of every
 * async-profiler version; jfr-converter 4.5 rejects those of the async-profiler inside Pyroscope's
 * agent 2.x ("invalid event size"). Event mapping:
 * {@code jdk.ExecutionSample} → CPU, {@code profiler.WallClockSample} → WALL, allocation samples →
 * HEAP_ALLOC, {@code jdk.JavaMonitorEnter}/{@code jdk.ThreadPark} → CONTENTION.
 */
public final class JfrConverter {
    private JfrConverter() {
    }

    private static final class Acc {
        final Map<List<String>, long[]> stacks = new LinkedHashMap<>();

        void add(List<String> leafFirst, long count, long value) {
            long[] v = stacks.computeIfAbsent(leafFirst, k -> new long[2]);
            v[0] += count;
            v[1] += value;
        }
    }

    /**
     * Converts a JFR recording.
     *
     * @param cpuPeriodNanos value of one CPU or wall sample (Pyroscope sends {@code sampleRate}; 100 Hz is 10 ms)
     * @param limits         distinct stacks per type (as samples) and their frames, checked as events are read
     * @return gzip pprof per profile type ({@code CPU}, {@code WALL}, ...); only types with samples
     * @throws InvalidProfileException when the bytes are not a readable recording, or hold more than {@code limits} allow
     */
    public static Map<String, byte[]> convert(byte[] jfr, long cpuPeriodNanos, long startNanos, long durationNanos,
                                              ParseLimits limits) throws InvalidProfileException {
        Map<String, Acc> byType = new LinkedHashMap<>();
        Path tmp = null;
        try {
            // RecordingFile reads files only
            tmp = Files.createTempFile("reqprof-ingest-", ".jfr");
            Files.write(tmp, jfr);
            try (RecordingFile file = new RecordingFile(tmp)) {
                Map<RecordedStackTrace, List<String>> cache = new HashMap<>();
                long frames = 0;
                while (file.hasMoreEvents()) {
                    RecordedEvent e = file.readEvent();
                    String type = typeOf(e.getEventType().getName());
                    if (type == null || e.getStackTrace() == null) continue;
                    List<String> stack = cache.get(e.getStackTrace());
                    if (stack == null) {
                        frames += e.getStackTrace().getFrames().size();
                        if (frames > limits.maxFrames()) {
                            throw InvalidProfileException.overLimit("JFR recording exceeds the limit of " + limits.maxFrames()
                                    + " frames in its distinct stacks (--max-frames)");
                        }
                        stack = names(e.getStackTrace());
                        cache.put(e.getStackTrace(), stack);
                    }
                    Acc acc = byType.computeIfAbsent(type, k -> new Acc());
                    if (acc.stacks.size() == limits.maxSamples() && !acc.stacks.containsKey(stack)) {
                        throw InvalidProfileException.overLimit("JFR recording exceeds the limit of " + limits.maxSamples()
                                + " distinct " + type + " stacks, each a pprof sample (--max-samples)");
                    }
                    acc.add(stack, 1, value(type, e, cpuPeriodNanos));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidProfileException("malformed JFR: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
        if (byType.isEmpty()) throw new InvalidProfileException("JFR recording holds no samples the collector understands");
        Map<String, byte[]> out = new LinkedHashMap<>();
        byType.forEach((type, acc) -> {
            List<ValueType> cols = columns(type);
            PprofWriter w = new PprofWriter(cols).window(startNanos, durationNanos);
            if (type.equals("CPU") || type.equals("WALL")) w.period(cols.get(1), cpuPeriodNanos);
            acc.stacks.forEach((stack, v) -> w.sample(stack, v));
            out.put(type, w.toGzip());
        });
        return out;
    }

    private static String typeOf(String event) {
        return switch (event) {
            case "jdk.ExecutionSample" -> "CPU";
            case "profiler.WallClockSample" -> "WALL";
            case "jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB", "jdk.ObjectAllocationSample" -> "HEAP_ALLOC";
            case "jdk.JavaMonitorEnter", "jdk.ThreadPark" -> "CONTENTION";
            default -> null;
        };
    }

    private static long value(String type, RecordedEvent e, long period) {
        return switch (type) {
            case "HEAP_ALLOC" -> e.hasField("allocationSize") ? e.getLong("allocationSize")
                    : e.hasField("weight") ? e.getLong("weight") : e.hasField("tlabSize") ? e.getLong("tlabSize") : 0;
            case "CONTENTION" -> e.getDuration().toNanos();
            default -> period;
        };
    }

    /** Cloud Profiler's Java column names per type. */
    static List<ValueType> columns(String type) {
        return switch (type) {
            case "CPU" -> List.of(new ValueType("samples", "count"), new ValueType("cpu", "nanoseconds"));
            case "WALL" -> List.of(new ValueType("samples", "count"), new ValueType("wall", "nanoseconds"));
            case "HEAP_ALLOC" -> List.of(new ValueType("alloc_objects", "count"), new ValueType("alloc_space", "bytes"));
            default -> List.of(new ValueType("contentions", "count"), new ValueType("delay", "nanoseconds"));
        };
    }

    private static List<String> names(RecordedStackTrace st) {
        List<String> names = new ArrayList<>(st.getFrames().size());
        for (RecordedFrame f : st.getFrames()) {
            RecordedMethod m = f.getMethod();
            if (m == null) {
                names.add("[unknown]");
                continue;
            }
            String cls = m.getType() == null ? "" : Frame.jvmClassName(m.getType().getName());
            names.add(cls.isEmpty() ? m.getName() : cls + "." + m.getName());
        }
        return names;
    }
}
