package io.reqprof.core.engine;

import io.reqprof.core.profile.EngineInfo;
import one.profiler.AsyncProfiler;
import one.profiler.Recording;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * async-profiler in JFR mode (CPU + wall, optionally alloc and lock).
 *
 * <p>Rotation: {@code dump,jfr} makes async-profiler finish the current JFR chunk in place and
 * start the next one in the same file, without stopping; each rotation reads the chunks completed
 * since the last one. Sampling never pauses for it. Every {@link #RESTART_PERIOD} the recording is
 * stopped and restarted into a new file instead, which deletes the old file and resets
 * async-profiler's call-trace storage, so disk and native memory stay bounded however long the
 * application runs; only those restarts leave a short unsampled window (docs/ARCHITECTURE.md).
 *
 * <p>Pausing stops the recording the same way and deletes its file; resuming starts a new one.
 * {@code Recording.timestamp()} keeps the clock the first start chose (TSC or not) while stopped.
 *
 * @see #RESTART_PERIOD
 */
final class AsyncProfilerEngine implements SamplingEngine {
    private static final System.Logger LOG = System.getLogger("io.reqprof.engine");
    /** How often the recording is restarted into a fresh file. */
    static final Duration RESTART_PERIOD = Duration.ofMinutes(5);
    // Tests lower this to exercise restarts without waiting five minutes.
    static volatile Duration restartPeriod = RESTART_PERIOD;
    private static final int CHUNK_HEADER_SIZE = 68;
    // async-profiler writes this size into a chunk's header until the chunk is finished
    private static final long UNFINISHED_CHUNK_SIZE = 1024L * 1024 * 1024;

    private final AsyncProfiler profiler;
    private final Path dir;
    private final String options;
    private final long cpuIntervalNanos;
    private final long wallIntervalNanos;
    private final WallGapWeights wallWeights = new WallGapWeights();
    private volatile long ticksPerSecond;
    private volatile EngineInfo info;
    private Path current;
    private long readPosition;
    private long recordingStartNanoTime;
    private int sequence;
    private long chunkStart;
    private long chunkStartEpochNanos;
    private boolean running;

    private AsyncProfilerEngine(AsyncProfiler profiler, Path dir, EngineConfig config) {
        this.profiler = profiler;
        this.dir = dir;
        this.cpuIntervalNanos = config.cpuInterval().toNanos();
        this.wallIntervalNanos = config.wallEnabled() ? config.wallInterval().toNanos() : 0;
        this.options = options(config);
    }

    /**
     * Loads async-profiler and starts sampling.
     *
     * @throws EngineUnavailableException when the native library cannot load or start here
     */
    static AsyncProfilerEngine start(EngineConfig config, Path dir) throws EngineUnavailableException {
        AsyncProfiler profiler;
        String version;
        try {
            profiler = config.asyncProfilerLibrary() == null
                    ? AsyncProfiler.getInstance()
                    : AsyncProfiler.getInstance(config.asyncProfilerLibrary().toAbsolutePath().toString());
            version = profiler.getVersion();
            // Initialise Recording after the library is loaded so its clock binds to async-profiler's.
            Recording.state();
        } catch (Throwable e) {
            throw new EngineUnavailableException("async-profiler cannot load on " + EngineUnavailableException.platform(), e);
        }
        AsyncProfilerEngine engine = new AsyncProfilerEngine(profiler, dir, config);
        try {
            String cpuSampler = engine.probeCpuSampler();
            engine.info = new EngineInfo("async-profiler", version, cpuSampler, config.cpuInterval(),
                    config.wallEnabled() ? config.wallInterval() : Duration.ZERO,
                    config.allocInterval(), config.lockThreshold());
            engine.startRecording();
        } catch (Exception | LinkageError e) {
            throw new EngineUnavailableException("async-profiler cannot start on " + EngineUnavailableException.platform()
                    + ": " + e.getMessage(), e);
        }
        return engine;
    }

    // Wall samples unbatched: each carries its own timestamp, which attribution needs (ARCHITECTURE.md).
    private static String options(EngineConfig c) {
        StringBuilder sb = new StringBuilder("jfr,event=cpu,interval=").append(c.cpuInterval().toNanos());
        if (c.wallEnabled()) sb.append(",wall=").append(c.wallInterval().toNanos()).append(",nobatch");
        if (c.allocInterval() > 0) sb.append(",alloc=").append(c.allocInterval());
        if (c.lockThreshold() != null) sb.append(",lock=").append(c.lockThreshold().toNanos());
        return sb.toString();
    }

    /**
     * async-profiler picks perf_events where the kernel allows it and silently falls back to
     * ctimer otherwise. The choice is only written into a recording, so a few-millisecond probe
     * recording finds out before the real session starts.
     */
    private String probeCpuSampler() throws IOException {
        Path probe = dir.resolve("probe.jfr");
        profiler.execute("start," + options + ",file=" + probe);
        profiler.execute("stop");
        try {
            String engine = AsyncChunkReader.read(probe, SampleChunk.builder(0, 0), 1, 1, new WallGapWeights()).get("engine");
            return engine == null ? "unknown" : engine;
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private void startRecording() throws IOException {
        current = dir.resolve("recording-" + (sequence++) + ".jfr");
        readPosition = 0;
        profiler.execute("start," + options + ",file=" + current);
        // Starting may switch Recording's clock to the TSC; read its frequency after every start.
        ticksPerSecond = Recording.clockFrequency();
        recordingStartNanoTime = System.nanoTime();
        chunkStart = Recording.timestamp();
        chunkStartEpochNanos = epochNanos();
        running = true;
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    @Override
    public long now() {
        return Recording.timestamp();
    }

    @Override
    public long ticksPerSecond() {
        return ticksPerSecond;
    }

    @Override
    public synchronized SampleChunk rotate() throws Exception {
        if (!running) return SampleChunk.builder(chunkStart, chunkStartEpochNanos).build(chunkStart, chunkStartEpochNanos);
        if (System.nanoTime() - recordingStartNanoTime >= restartPeriod.toNanos()) return restart();
        SampleChunk.Builder chunk = SampleChunk.builder(chunkStart, chunkStartEpochNanos);
        // Finishes the current chunk in place; a sample stamped before this returns is in it.
        profiler.execute("dump,jfr");
        long end = Recording.timestamp();
        long endEpoch = epochNanos();
        readFinishedChunks(chunk);
        chunkStart = end;
        chunkStartEpochNanos = endEpoch;
        return chunk.build(end, endEpoch);
    }

    /** Reads what is left of the current file, deletes it, and starts recording into a new one. */
    private SampleChunk restart() throws Exception {
        SampleChunk last = stop();
        wallWeights.forgetDeadThreads();
        startRecording();
        return last;
    }

    @Override
    public synchronized SampleChunk pause() throws Exception {
        return stop();
    }

    @Override
    public synchronized void resume() throws Exception {
        if (running) return;
        // A thread's last wall sample is from before the pause: its gap would charge the pause
        // (up to the cap) to the first sample after it, so every thread starts afresh.
        wallWeights.forgetAll();
        startRecording();
    }

    @Override
    public synchronized SampleChunk stop() throws Exception {
        SampleChunk.Builder chunk = SampleChunk.builder(chunkStart, chunkStartEpochNanos);
        if (!running) return chunk.build(chunkStart, chunkStartEpochNanos);
        stopRecording();
        long end = Recording.timestamp();
        long endEpoch = epochNanos();
        try {
            readFinishedChunks(chunk);
        } finally {
            Files.deleteIfExists(current);
            chunkStart = end;
            chunkStartEpochNanos = endEpoch;
        }
        return chunk.build(end, endEpoch);
    }

    private void stopRecording() throws IOException {
        running = false;
        profiler.execute("stop");
    }

    /**
     * Reads every chunk finished since the last read. A chunk is finished once async-profiler has
     * patched its header with the real size (it writes 1 GiB until then).
     */
    private void readFinishedChunks(SampleChunk.Builder out) throws IOException {
        if (!Files.exists(current)) return;
        try (FileChannel ch = FileChannel.open(current, StandardOpenOption.READ)) {
            long size = ch.size();
            while (size - readPosition >= CHUNK_HEADER_SIZE) {
                ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
                ch.read(header, readPosition);
                if (header.getInt(0) != 0x464c5200) {
                    throw new IOException("no JFR chunk at offset " + readPosition + " of " + current);
                }
                long chunkSize = header.getLong(8);
                if (chunkSize == UNFINISHED_CHUNK_SIZE || chunkSize < CHUNK_HEADER_SIZE || readPosition + chunkSize > size) break;
                ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, readPosition, chunkSize);
                noteCpuSampler(AsyncChunkReader.read(data, out, cpuIntervalNanos, wallIntervalNanos, wallWeights).get("engine"));
                readPosition += chunkSize;
            }
        }
    }

    private void noteCpuSampler(String engine) {
        if (engine != null && !engine.equals(info.cpuSampler())) {
            LOG.log(Level.WARNING, "async-profiler switched CPU sampler from " + info.cpuSampler() + " to " + engine);
            EngineInfo i = info;
            info = new EngineInfo(i.engine(), i.version(), engine, i.cpuInterval(), i.wallInterval(),
                    i.allocInterval(), i.lockThreshold());
        }
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public synchronized void close() {
        if (running) {
            try {
                stopRecording();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "async-profiler stop failed: " + e);
            }
        }
        try {
            if (current != null) Files.deleteIfExists(current);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot delete " + current + ": " + e);
        }
    }
}
