package io.reqprof.core.engine;

import io.reqprof.core.profile.EngineInfo;
import one.profiler.AsyncProfiler;
import one.profiler.Recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * async-profiler in JFR mode (CPU + wall, optionally alloc and lock), rotated by stopping and
 * restarting into a new chunk file. A restart is the only way async-profiler 4.6 closes a JFR file
 * without stopping for good; it also resets its call-trace storage, which keeps native memory
 * bounded however long the application runs. The price is a window per rotation in which nothing
 * is sampled: measured 3.5 ms with 20 threads and 11 ms with 200 (docs/ARCHITECTURE.md).
 */
final class AsyncProfilerEngine implements SamplingEngine {
    private static final System.Logger LOG = System.getLogger("io.reqprof.engine");

    private final AsyncProfiler profiler;
    private final Path dir;
    private final String options;
    private final long cpuIntervalNanos;
    private final long wallIntervalNanos;
    private volatile long ticksPerSecond;
    private volatile EngineInfo info;
    private Path current;
    private int sequence;
    private long chunkStart;
    private long chunkStartEpochNanos;
    private boolean running;
    private final java.util.Map<Long, Long> lastWallTime = new java.util.HashMap<>();
    private long overheadSamples;

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
            engine.startChunk();
        } catch (Exception | LinkageError e) {
            throw new EngineUnavailableException("async-profiler cannot start on " + EngineUnavailableException.platform()
                    + ": " + e.getMessage(), e);
        }
        return engine;
    }

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
            AsyncChunkReader.ChunkSettings s = AsyncChunkReader.read(probe, SampleChunk.builder(0, 0), 1, 1, new java.util.HashMap<>());
            String engine = s.get("engine");
            return engine == null ? "unknown" : engine;
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private void startChunk() throws IOException {
        current = dir.resolve("chunk-" + (sequence++) + ".jfr");
        profiler.execute("start," + options + ",file=" + current);
        // Starting may switch Recording's clock to the TSC; read its frequency after every start.
        ticksPerSecond = Recording.clockFrequency();
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
        Path finished = current;
        SampleChunk.Builder chunk = SampleChunk.builder(chunkStart, chunkStartEpochNanos);
        stopChunk();
        long end = chunkStart;
        long endEpoch = chunkStartEpochNanos;
        startChunk();
        return readAndDelete(finished, chunk, end, endEpoch);
    }

    @Override
    public synchronized SampleChunk stop() throws Exception {
        if (!running) return SampleChunk.builder(chunkStart, chunkStartEpochNanos).build(chunkStart, chunkStartEpochNanos);
        Path finished = current;
        SampleChunk.Builder chunk = SampleChunk.builder(chunkStart, chunkStartEpochNanos);
        stopChunk();
        return readAndDelete(finished, chunk, chunkStart, chunkStartEpochNanos);
    }

    /** Stops sampling; every sample in the finished file is stamped before the new chunkStart. */
    private void stopChunk() throws IOException {
        running = false;
        try {
            profiler.execute("stop");
        } finally {
            chunkStart = Recording.timestamp();
            chunkStartEpochNanos = epochNanos();
        }
    }

    private SampleChunk readAndDelete(Path file, SampleChunk.Builder chunk, long end, long endEpoch) throws IOException {
        try {
            if (Files.exists(file)) {
                AsyncChunkReader.ChunkSettings s = AsyncChunkReader.read(file, chunk, cpuIntervalNanos, wallIntervalNanos, lastWallTime);
                overheadSamples += s.overheadSamples();
                pruneThreads();
                String engine = s.get("engine");
                if (engine != null && !engine.equals(info.cpuSampler())) {
                    LOG.log(System.Logger.Level.WARNING, "async-profiler switched CPU sampler from "
                            + info.cpuSampler() + " to " + engine);
                    EngineInfo i = info;
                    info = new EngineInfo(i.engine(), i.version(), engine, i.cpuInterval(), i.wallInterval(),
                            i.allocInterval(), i.lockThreshold());
                }
            }
            return chunk.build(end, endEpoch);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Forgets threads that have died, so the per-thread wall state stays as small as the thread count. */
    private void pruneThreads() {
        if (lastWallTime.size() < 4096) return;
        java.util.Set<Long> alive = new java.util.HashSet<>();
        for (long id : java.lang.management.ManagementFactory.getThreadMXBean().getAllThreadIds()) alive.add(id);
        lastWallTime.keySet().retainAll(alive);
    }

    /** CPU samples taken inside async-profiler's own signal handlers and left out of profiles. */
    long overheadSamples() {
        return overheadSamples;
    }

    private static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public synchronized void close() {
        if (running) {
            try {
                profiler.execute("stop");
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "async-profiler stop failed: " + e);
            }
            running = false;
        }
        try {
            if (current != null) Files.deleteIfExists(current);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot delete " + current + ": " + e);
        }
    }
}
