package io.reqprof.core.engine;

import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.FrameType;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.profile.StackTrace;
import one.jfr.ClassRef;
import one.jfr.JfrReader;
import one.jfr.MethodRef;
import one.jfr.event.AllocationSample;
import one.jfr.event.ContendedLock;
import one.jfr.event.Event;
import one.jfr.event.ExecutionSample;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one async-profiler JFR chunk file into samples. Timestamps stay in raw JFR ticks, which is
 * the clock {@code one.profiler.Recording.timestamp()} reads, so they compare directly with brackets.
 */
final class AsyncChunkReader {
    private static final StackTrace EMPTY = StackTrace.ofLeafFirst();

    private final JfrReader jfr;
    private final SampleChunk.Builder out;
    private final long cpuIntervalNanos;
    private final long wallIntervalNanos;
    private final Map<Integer, StackTrace> stacks = new HashMap<>();
    private final Map<StackTrace, Boolean> overhead = new HashMap<>();
    private final WallGapWeights wallWeights;
    // async-profiler's native classes: its signal handlers, stack walker and the fault guard they use
    private static final String[] PROFILER_FRAMES = {
        "WallClock::", "Profiler::", "PerfEvents::", "CTimer::", "ITimer::", "StackWalker::",
    };
    private int cpuState = -1;

    private AsyncChunkReader(JfrReader jfr, SampleChunk.Builder out, long cpuIntervalNanos, long wallIntervalNanos,
                             WallGapWeights wallWeights) {
        this.jfr = jfr;
        this.wallWeights = wallWeights;
        this.out = out;
        this.cpuIntervalNanos = cpuIntervalNanos;
        this.wallIntervalNanos = wallIntervalNanos;
    }

    /**
     * Reads {@code file} into {@code out} and returns the settings async-profiler recorded in it
     * (engine, intervals).
     *
     * @param wallWeights per-thread wall accounting, carried from chunk to chunk
     */
    static Map<String, String> read(Path file, SampleChunk.Builder out, long cpuIntervalNanos, long wallIntervalNanos,
                                    WallGapWeights wallWeights) throws IOException {
        return read(new JfrReader(file.toString()), file.getFileName().toString(), out, cpuIntervalNanos,
                wallIntervalNanos, wallWeights);
    }

    /** Reads one complete JFR chunk held in {@code chunk}; see {@link #read(Path, SampleChunk.Builder, long, long, WallGapWeights)}. */
    static Map<String, String> read(ByteBuffer chunk, SampleChunk.Builder out, long cpuIntervalNanos,
                                    long wallIntervalNanos, WallGapWeights wallWeights) throws IOException {
        return read(new JfrReader(chunk), "chunk", out, cpuIntervalNanos, wallIntervalNanos, wallWeights);
    }

    private static Map<String, String> read(JfrReader reader, String name, SampleChunk.Builder out, long cpuIntervalNanos,
                                            long wallIntervalNanos, WallGapWeights wallWeights) throws IOException {
        try (JfrReader jfr = reader) {
            new AsyncChunkReader(jfr, out, cpuIntervalNanos, wallIntervalNanos, wallWeights).readAll();
            if (jfr.incomplete()) throw new IOException("JFR chunk " + name + " is incomplete");
            return new HashMap<>(jfr.settings);
        }
    }

    private void readAll() throws IOException {
        List<long[]> wall = new ArrayList<>();
        for (Event e; (e = jfr.readEvent()) != null; ) {
            if (cpuState < 0) initChunkConstants();
            long tid = javaThreadId(e.tid);
            if (e instanceof ExecutionSample s) {
                if (s.threadState == cpuState) {
                    StackTrace stack = stack(s.stackTraceId);
                    if (!isSamplerOverhead(stack)) out.add(tid, s.time, SampleType.CPU, 1, cpuIntervalNanos, stack);
                } else {
                    wall.add(new long[] {s.time, tid, s.stackTraceId});
                }
            } else if (e instanceof AllocationSample a) {
                out.add(tid, a.time, SampleType.ALLOC, 1, a.value(), stack(a.stackTraceId));
            } else if (e instanceof ContendedLock l) {
                out.add(tid, l.time, SampleType.LOCK, 1, ticksToNanos(l.duration), stack(l.stackTraceId));
            }
        }
        // async-profiler writes through several lock-striped buffers, so one thread's events are not
        // in time order in the file; gaps between a thread's wall samples need them sorted.
        wall.sort((a, b) -> Long.compare(a[0], b[0]));
        for (long[] w : wall) addWall(w[1], w[0], (int) w[2]);
    }

    /** A wall sample weighs the time since its thread's previous one (see {@link WallGapWeights}). */
    private void addWall(long tid, long time, int stackTraceId) {
        long periodTicks = Math.max(1, (long) (wallIntervalNanos / jfr.nanosPerTick));
        long weight = ticksToNanos(wallWeights.weigh(tid, time, periodTicks));
        out.add(tid, time, SampleType.WALL, 1, weight, stack(stackTraceId));
    }

    /**
     * CPU that async-profiler's own signal handlers spend on a thread (walking its stack for a wall
     * sample) is sampled like any other CPU. It is the profiler's cost, not the request's, so such
     * samples are left out of profiles.
     */
    private boolean isSamplerOverhead(StackTrace stack) {
        Boolean b = overhead.get(stack);
        if (b == null) {
            b = false;
            for (int i = 0; i < stack.depth() && !b; i++) {
                String f = stack.frame(i).methodName();
                for (String prefix : PROFILER_FRAMES) {
                    if (f.startsWith(prefix)) {
                        b = true;
                        break;
                    }
                }
            }
            overhead.put(stack, b);
        }
        return b;
    }

    private void initChunkConstants() {
        Map<Integer, String> states = jfr.enums.get("jdk.types.ThreadState");
        cpuState = Integer.MAX_VALUE;
        if (states != null) {
            for (Map.Entry<Integer, String> en : states.entrySet()) {
                if ("STATE_DEFAULT".equals(en.getValue())) cpuState = en.getKey();
            }
        }
    }

    private long javaThreadId(int tid) {
        Long id = jfr.javaThreads.get(tid);
        return id == null ? 0 : id;
    }

    private long ticksToNanos(long ticks) {
        return (long) (ticks * jfr.nanosPerTick);
    }

    private StackTrace stack(int id) {
        StackTrace s = stacks.get(id);
        if (s == null) {
            s = resolve(id);
            stacks.put(id, s);
        }
        return s;
    }

    private StackTrace resolve(int id) {
        one.jfr.StackTrace st = jfr.stackTraces.get(id);
        if (st == null) return EMPTY;
        Frame[] frames = new Frame[st.methods.length];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = frame(st.methods[i], st.types[i], st.locations[i] >>> 16);
        }
        return StackTrace.ofLeafFirst(frames);
    }

    private Frame frame(long methodId, byte type, int line) {
        MethodRef m = jfr.methods.get(methodId);
        if (m == null) return Frame.symbol("unknown", FrameType.NATIVE);
        ClassRef c = jfr.classes.get(m.cls);
        String method = symbol(m.name);
        String cls = c == null ? "" : Frame.jvmClassName(symbol(c.name));
        FrameType ft = frameType(type);
        if (cls.isEmpty() || ft == FrameType.NATIVE || ft == FrameType.VM || ft == FrameType.KERNEL) {
            return Frame.symbol(method, ft);
        }
        return new Frame(cls, method, "", line, ft);
    }

    private String symbol(long id) {
        byte[] b = jfr.symbols.get(id);
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    // Frame type bytes as async-profiler writes them (interpreted, JIT, inlined, native, C++, kernel, C1).
    private static FrameType frameType(byte type) {
        switch (type) {
            case 2: return FrameType.INLINED;
            case 3: return FrameType.NATIVE;
            case 4: return FrameType.VM;
            case 5: return FrameType.KERNEL;
            default: return FrameType.JAVA;
        }
    }
}
