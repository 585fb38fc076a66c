package io.reqprof.core.engine;

import io.reqprof.core.profile.EngineInfo;
import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.FrameType;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.profile.StackTrace;
import jdk.jfr.FlightRecorder;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fallback engine: JDK Flight Recorder's own samplers, read in-process with a
 * {@link RecordingStream}. What it can and cannot see is written in docs/ENGINES.md: in short,
 * {@code jdk.ExecutionSample} covers threads in Java code (running or runnable, at most a few
 * threads per period), {@code jdk.NativeMethodSample} threads in native code, and sleeping, parked
 * or blocked threads appear only through their duration events above a threshold.
 *
 * <p>A {@link RecordingStream} cannot be restarted, so pausing closes the stream and resuming opens
 * a new one with the same settings. Events still in JFR's buffers when the stream closes are lost
 * (as at {@link #stop()}); the session only pauses once no window needs them.
 */
final class JfrEngine implements SamplingEngine {
    private static final String[] BLOCKING_EVENTS = {
        "jdk.ThreadSleep", "jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.JavaMonitorEnter",
    };

    /**
     * Longest wall weight of one sample, in periods. JFR's sampler reaches each of many busy threads
     * only every few dozen milliseconds (see {@link ThreadCpuCalibration}), and a thread's idle
     * waits above the threshold are accounted by their own events, so a gap between two samples of
     * a thread is time it spent in Java code; async-profiler's five periods would drop most of it.
     */
    static final long WALL_GAP_PERIODS = 40;

    /** A JFR event reduced to what attribution needs, kept in epoch time until the clock offset is known. */
    private record Raw(long threadId, long epochNanos, SampleType type, long value, StackTrace stack) { }

    private final EngineConfig config;
    private final long cpuIntervalNanos;
    private final long wallIntervalNanos;
    private final EngineInfo info;
    private final Map<RecordedStackTrace, StackTrace> stackCache = new IdentityHashMap<>();
    private final ThreadCpuCalibration calibration = new ThreadCpuCalibration();
    private final Runnable periodicHook = () -> {
        ClockSyncEvent e = new ClockSyncEvent();
        e.begin();
        e.nanoTime = System.nanoTime();
        e.end();
        e.commit();
        calibration.snapshot();
    };
    private final Object lock = new Object();
    private List<Raw> pending = new ArrayList<>();
    // epoch nanos minus System.nanoTime, estimated from ClockSync events
    private final ClockOffset offset;
    private volatile long watermark;
    private long chunkStart;
    private long chunkStartEpochNanos;
    // the stream sampling now; null while paused or closed
    private volatile Feed feed;

    /**
     * One {@link RecordingStream} and the state its thread keeps. A closed stream's thread may still
     * be delivering an event or two; they are dropped once the feed is no longer live, so nothing
     * from before a pause lands after it and no two stream threads share state.
     */
    private final class Feed {
        final RecordingStream stream = new RecordingStream();
        // wall accounting in epoch nanos; used by this feed's stream thread only
        final WallGapWeights wallWeights = new WallGapWeights(WALL_GAP_PERIODS);
        int flushes;
        long lastSyncNanoTime;
        long previousSegmentSync;
        // written under lock
        boolean live = true;

        Feed(long now) {
            lastSyncNanoTime = now;
            previousSegmentSync = now;
        }

        void configure() {
            stream.setReuse(false);
            stream.setMaxAge(Duration.ofSeconds(30));
            stream.setMaxSize(32L * 1024 * 1024);
            stream.enable("jdk.ExecutionSample").withPeriod(config.cpuInterval());
            stream.onEvent("jdk.ExecutionSample", e -> {
                add(e, SampleType.CPU, cpuIntervalNanos);
                RecordedThread sampled = e.getThread("sampledThread");
                if (sampled != null) calibration.sampled(sampled.getJavaThreadId());
                if (wallIntervalNanos > 0) addWallSample(e, cpuIntervalNanos);
            });
            if (wallIntervalNanos > 0) {
                stream.enable("jdk.NativeMethodSample").withPeriod(config.wallInterval());
                stream.onEvent("jdk.NativeMethodSample", e -> addWallSample(e, wallIntervalNanos));
                // Blocking calls are shown as wall samples spread over the call's duration. Calls shorter
                // than half a wall interval are not recorded, as a sampler would mostly miss them too.
                Duration threshold = config.wallInterval().dividedBy(2);
                for (String name : BLOCKING_EVENTS) {
                    stream.enable(name).withThreshold(threshold).withStackTrace();
                    stream.onEvent(name, this::addBlocking);
                }
            }
            if (config.allocInterval() > 0) {
                stream.enable("jdk.ObjectAllocationSample").withStackTrace();
                stream.onEvent("jdk.ObjectAllocationSample", e -> add(e, SampleType.ALLOC, e.getLong("weight")));
            }
            if (config.lockThreshold() != null) {
                stream.enable("jdk.JavaMonitorEnter").withThreshold(config.lockThreshold()).withStackTrace();
                stream.onEvent("jdk.JavaMonitorEnter", e -> add(e, SampleType.LOCK, e.getDuration().toNanos()));
            }
            stream.enable(ClockSyncEvent.class).withPeriod(Duration.ofMillis(100));
            stream.onEvent("io.reqprof.ClockSync", this::onClockSync);
            // JFR stamps a sample when it is taken but commits it after walking up to five stacks, so a
            // sample can arrive in the segment after a ClockSync stamped later than itself. Trusting
            // only the previous segment's last ClockSync gives every sample one whole segment to arrive.
            stream.onFlush(() -> {
                if (!live) return;
                watermark = Math.max(watermark, previousSegmentSync);
                previousSegmentSync = lastSyncNanoTime;
                if (++flushes % 300 == 0) wallWeights.forgetDeadThreads(); // about every five minutes
            });
        }

        private void onClockSync(RecordedEvent e) {
            if (!live) return;
            long nano = e.getLong("nanoTime");
            offset.sync(toEpochNanos(e.getStartTime()), e.getDuration().toNanos(), nano);
            lastSyncNanoTime = nano;
        }

        private void add(RecordedEvent e, SampleType type, long value) {
            String name = e.getEventType().getName();
            // The two samplers name the sampled thread; every other event is about the thread that emitted it.
            RecordedThread t = name.equals("jdk.ExecutionSample") || name.equals("jdk.NativeMethodSample")
                    ? e.getThread("sampledThread") : e.getThread();
            Raw raw = new Raw(t == null ? 0 : t.getJavaThreadId(), toEpochNanos(e.getStartTime()), type, value, stack(e));
            synchronized (lock) {
                if (live) pending.add(raw);
            }
        }

        /** A wall sample weighs the time since its thread was last accounted for (see {@link WallGapWeights}). */
        private void addWallSample(RecordedEvent e, long periodNanos) {
            RecordedThread t = e.getThread("sampledThread");
            long tid = t == null ? 0 : t.getJavaThreadId();
            long time = toEpochNanos(e.getStartTime());
            Raw raw = new Raw(tid, time, SampleType.WALL, wallWeights.weigh(tid, time, periodNanos), stack(e));
            synchronized (lock) {
                if (live) pending.add(raw);
            }
        }

        private void addBlocking(RecordedEvent e) {
            long duration = e.getDuration().toNanos();
            int n = (int) Math.min(100_000, Math.round((double) duration / wallIntervalNanos));
            if (n == 0) return;
            RecordedThread t = e.getThread();
            long tid = t == null ? 0 : t.getJavaThreadId();
            long start = toEpochNanos(e.getStartTime());
            wallWeights.accountedUntil(tid, start + duration);
            StackTrace stack = stack(e);
            long step = duration / n;
            synchronized (lock) {
                if (!live) return;
                for (int k = 0; k < n; k++) {
                    pending.add(new Raw(tid, start + step / 2 + k * step, SampleType.WALL, wallIntervalNanos, stack));
                }
            }
        }
    }

    private JfrEngine(EngineConfig config) {
        this.config = config;
        this.cpuIntervalNanos = config.cpuInterval().toNanos();
        this.wallIntervalNanos = config.wallEnabled() ? config.wallInterval().toNanos() : 0;
        this.info = new EngineInfo("jfr", Runtime.version().toString(), "jfr-execution-sample",
                config.cpuInterval(), config.wallEnabled() ? config.wallInterval() : Duration.ZERO,
                config.allocInterval(), config.lockThreshold());
        Instant now = Instant.now();
        this.offset = new ClockOffset(toEpochNanos(now) - System.nanoTime());
    }

    static JfrEngine start(EngineConfig config) throws EngineUnavailableException {
        try {
            if (!FlightRecorder.isAvailable()) {
                throw new EngineUnavailableException("JDK Flight Recorder is not available on " + EngineUnavailableException.platform(), null);
            }
            JfrEngine engine = new JfrEngine(config);
            engine.begin();
            return engine;
        } catch (EngineUnavailableException e) {
            throw e;
        } catch (Throwable e) {
            throw new EngineUnavailableException("JDK Flight Recorder cannot start on " + EngineUnavailableException.platform(), e);
        }
    }

    /** Opens a stream and starts it; samples are being taken when this returns. */
    private void begin() {
        long now = System.nanoTime();
        Feed f = new Feed(now);
        try {
            f.configure();
            FlightRecorder.addPeriodicEvent(ClockSyncEvent.class, periodicHook);
            calibration.restart();
            chunkStart = now;
            chunkStartEpochNanos = now + offset.get();
            // Nothing stamped before now can arrive any more: an earlier feed is no longer live.
            watermark = Math.max(watermark, now);
            f.stream.startAsync();
            feed = f;
        } catch (RuntimeException | Error e) {
            f.stream.close();
            FlightRecorder.removePeriodicEvent(periodicHook);
            throw e;
        }
    }

    /** Closes the running stream; after this, nothing more of it reaches {@link #pending}. */
    private void end() {
        Feed f = feed;
        if (f == null) return;
        feed = null;
        synchronized (lock) {
            f.live = false;
        }
        f.stream.close();
        FlightRecorder.removePeriodicEvent(periodicHook);
    }

    private StackTrace stack(RecordedEvent e) {
        RecordedStackTrace st = e.getStackTrace();
        if (st == null) return StackTrace.ofLeafFirst();
        synchronized (stackCache) {
            StackTrace cached = stackCache.get(st);
            if (cached != null) return cached;
            List<RecordedFrame> frames = st.getFrames();
            List<Frame> out = new ArrayList<>(frames.size() + 1);
            for (RecordedFrame f : frames) out.add(frame(f));
            // JFR cuts stacks at its stackdepth (64 by default); mark the cut rather than hide it.
            if (st.isTruncated()) out.add(Frame.symbol("[truncated]", FrameType.VM));
            StackTrace s = StackTrace.ofLeafFirst(out);
            if (stackCache.size() > 10_000) stackCache.clear();
            stackCache.put(st, s);
            return s;
        }
    }

    private static Frame frame(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        String type = f.getType();
        FrameType ft = "Inlined".equals(type) ? FrameType.INLINED : "Native".equals(type) ? FrameType.NATIVE : FrameType.JAVA;
        String cls = m.getType() == null ? "" : Frame.jvmClassName(m.getType().getName());
        return new Frame(cls, m.getName(), "", Math.max(0, f.getLineNumber()), ft);
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    @Override
    public long now() {
        return System.nanoTime();
    }

    @Override
    public long ticksPerSecond() {
        return 1_000_000_000L;
    }

    @Override
    public SampleChunk rotate() {
        return rotate(false);
    }

    /**
     * Hands over what has arrived. CPU samples are weighed by {@link ThreadCpuCalibration} once the
     * snapshot after them is in, so the chunk ends at that snapshot and later CPU samples wait for
     * the next rotation; the {@code last} rotation of a stream weighs everything.
     */
    private SampleChunk rotate(boolean last) {
        List<Raw> raws;
        synchronized (lock) {
            raws = pending;
            pending = new ArrayList<>(Math.max(16, raws.size()));
        }
        long end = Math.max(watermark, chunkStart);
        if (!last && calibration.available()) end = Math.max(chunkStart, Math.min(end, calibration.closableUntil(end)));
        long off = offset.get();
        List<Raw> cpu = new ArrayList<>();
        List<Raw> held = new ArrayList<>();
        SampleChunk.Builder b = SampleChunk.builder(chunkStart, chunkStartEpochNanos);
        for (Raw r : raws) {
            if (r.type() != SampleType.CPU || !calibration.available()) {
                b.add(r.threadId(), r.epochNanos() - off, r.type(), 1, r.value(), r.stack());
            } else if (!last && r.epochNanos() - off > end) {
                held.add(r);
            } else {
                cpu.add(r);
            }
        }
        long[] tids = new long[cpu.size()];
        long[] times = new long[cpu.size()];
        for (int i = 0; i < tids.length; i++) {
            tids[i] = cpu.get(i).threadId();
            times[i] = cpu.get(i).epochNanos() - off;
        }
        long[] weights = calibration.weigh(tids, times, end, cpuIntervalNanos);
        for (int i = 0; i < tids.length; i++) {
            Raw r = cpu.get(i);
            b.add(r.threadId(), times[i], SampleType.CPU, 1, weights[i], r.stack());
        }
        if (!held.isEmpty()) {
            synchronized (lock) {
                held.addAll(pending);
                pending = held;
            }
        }
        chunkStart = end;
        chunkStartEpochNanos = end + off;
        return b.build(end, end + off);
    }

    @Override
    public SampleChunk pause() {
        return stop();
    }

    @Override
    public void resume() {
        if (feed != null) return;
        begin();
    }

    @Override
    public SampleChunk stop() {
        if (feed != null) {
            end();
            calibration.snapshot();
            watermark = System.nanoTime();
        }
        return rotate(true);
    }

    @Override
    public void close() {
        end();
    }

    private static long toEpochNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
