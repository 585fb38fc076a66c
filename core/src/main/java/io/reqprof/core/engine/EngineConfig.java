package io.reqprof.core.engine;

import io.reqprof.core.config.Settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of the sampling session. Invalid values fail in {@link Builder#build()} with an
 * {@link IllegalArgumentException} naming the setting (by its {@code reqprof.*} property name) and
 * the rule; problems only the running system can reveal (an unwritable temp dir) fail at start.
 */
public final class EngineConfig {
    /** Default CPU sampling interval. */
    public static final Duration DEFAULT_CPU_INTERVAL = Duration.ofMillis(10);
    /** Default wall-clock sampling interval. */
    public static final Duration DEFAULT_WALL_INTERVAL = Duration.ofMillis(50);
    /** Default chunk rotation period: how often samples are read while the app runs. */
    public static final Duration DEFAULT_CHUNK_PERIOD = Duration.ofSeconds(1);

    private final EngineKind engine;
    private final Duration cpuInterval;
    private final Duration wallInterval;
    private final boolean wall;
    private final long allocInterval;
    private final Duration lockThreshold;
    private final Duration chunkPeriod;
    private final Path tempDir;
    private final Path asyncProfilerLibrary;

    private EngineConfig(Builder b) {
        this.engine = b.engine;
        this.cpuInterval = b.cpuInterval;
        this.wallInterval = b.wallInterval;
        this.wall = b.wall;
        this.allocInterval = b.allocInterval;
        this.lockThreshold = b.lockThreshold;
        this.chunkPeriod = b.chunkPeriod;
        this.tempDir = b.tempDir;
        this.asyncProfilerLibrary = b.asyncProfilerLibrary;
    }

    /** A builder with the defaults: auto engine, CPU 10 ms, wall 50 ms, no alloc or lock, 1 s chunks. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Engine settings read from {@code settings} (keys {@code reqprof.engine}, {@code reqprof.cpu-interval},
     * {@code reqprof.wall-interval}, {@code reqprof.wall}, {@code reqprof.alloc-interval},
     * {@code reqprof.lock-threshold}, {@code reqprof.chunk-period}, {@code reqprof.temp-dir},
     * {@code reqprof.async-profiler-library}); absent keys keep the defaults.
     *
     * @throws IllegalArgumentException naming the first unreadable or invalid setting
     */
    public static EngineConfig from(Settings settings) {
        Builder b = builder();
        b.engine(settings.<EngineKind>parse("reqprof.engine", EngineKind.AUTO,
                "must be auto, async or jfr", x -> {
                    try {
                        return EngineKind.parse(x);
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }));
        b.cpuInterval(settings.duration("reqprof.cpu-interval", DEFAULT_CPU_INTERVAL));
        b.wallInterval(settings.duration("reqprof.wall-interval", DEFAULT_WALL_INTERVAL));
        b.wall(settings.bool("reqprof.wall", true));
        b.allocInterval(settings.bytes("reqprof.alloc-interval", 0));
        b.lockThreshold(settings.duration("reqprof.lock-threshold", null));
        b.chunkPeriod(settings.duration("reqprof.chunk-period", DEFAULT_CHUNK_PERIOD));
        b.tempDir(settings.path("reqprof.temp-dir", null));
        b.asyncProfilerLibrary(settings.path("reqprof.async-profiler-library", null));
        return b.build();
    }

    /** The defaults. */
    public static EngineConfig defaults() {
        return builder().build();
    }

    public EngineKind engine() {
        return engine;
    }

    public Duration cpuInterval() {
        return cpuInterval;
    }

    /** Wall-clock interval; meaningful only when {@link #wallEnabled()}. */
    public Duration wallInterval() {
        return wallInterval;
    }

    public boolean wallEnabled() {
        return wall;
    }

    /** Bytes between allocation samples; 0 means allocation sampling is off. */
    public long allocInterval() {
        return allocInterval;
    }

    /** Minimum recorded lock wait; null means lock sampling is off. */
    public Duration lockThreshold() {
        return lockThreshold;
    }

    public Duration chunkPeriod() {
        return chunkPeriod;
    }

    /** Parent of the private directory that holds chunk files; null means {@code java.io.tmpdir}. */
    public Path tempDir() {
        return tempDir;
    }

    /** A libasyncProfiler.so to load instead of the one bundled in the jar; null means bundled. */
    public Path asyncProfilerLibrary() {
        return asyncProfilerLibrary;
    }

    /** A builder prefilled with these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.engine = engine;
        b.cpuInterval = cpuInterval;
        b.wallInterval = wallInterval;
        b.wall = wall;
        b.allocInterval = allocInterval;
        b.lockThreshold = lockThreshold;
        b.chunkPeriod = chunkPeriod;
        b.tempDir = tempDir;
        b.asyncProfilerLibrary = asyncProfilerLibrary;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineConfig c && engine == c.engine && cpuInterval.equals(c.cpuInterval)
                && wallInterval.equals(c.wallInterval) && wall == c.wall && allocInterval == c.allocInterval
                && Objects.equals(lockThreshold, c.lockThreshold) && chunkPeriod.equals(c.chunkPeriod)
                && Objects.equals(tempDir, c.tempDir) && Objects.equals(asyncProfilerLibrary, c.asyncProfilerLibrary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(engine, cpuInterval, wallInterval, wall, allocInterval, lockThreshold, chunkPeriod, tempDir,
                asyncProfilerLibrary);
    }

    @Override
    public String toString() {
        return "EngineConfig{engine=" + engine + ", cpuInterval=" + cpuInterval
                + ", wall=" + (wall ? wallInterval : "off") + ", allocInterval=" + allocInterval
                + ", lockThreshold=" + lockThreshold + ", chunkPeriod=" + chunkPeriod + ", tempDir=" + tempDir
                + (asyncProfilerLibrary == null ? "" : ", asyncProfilerLibrary=" + asyncProfilerLibrary) + '}';
    }

    /** Builder for {@link EngineConfig}. */
    public static final class Builder {
        private EngineKind engine = EngineKind.AUTO;
        private Duration cpuInterval = DEFAULT_CPU_INTERVAL;
        private Duration wallInterval = DEFAULT_WALL_INTERVAL;
        private boolean wall = true;
        private long allocInterval;
        private Duration lockThreshold;
        private Duration chunkPeriod = DEFAULT_CHUNK_PERIOD;
        private Path tempDir;
        private Path asyncProfilerLibrary;

        private Builder() {
        }

        public Builder engine(EngineKind engine) {
            this.engine = Objects.requireNonNull(engine, "reqprof.engine");
            return this;
        }

        /** Engine by name: {@code auto}, {@code async} or {@code jfr}. */
        public Builder engine(String engine) {
            this.engine = EngineKind.parse(engine);
            return this;
        }

        public Builder cpuInterval(Duration interval) {
            this.cpuInterval = interval;
            return this;
        }

        public Builder wallInterval(Duration interval) {
            this.wallInterval = interval;
            return this;
        }

        /** Turns wall-clock sampling on (the default) or off. */
        public Builder wall(boolean enabled) {
            this.wall = enabled;
            return this;
        }

        /** Samples an allocation every {@code bytes} allocated; 0 turns allocation sampling off. */
        public Builder allocInterval(long bytes) {
            this.allocInterval = bytes;
            return this;
        }

        /** Records lock waits of at least {@code threshold}; null turns lock sampling off. */
        public Builder lockThreshold(Duration threshold) {
            this.lockThreshold = threshold;
            return this;
        }

        public Builder chunkPeriod(Duration period) {
            this.chunkPeriod = period;
            return this;
        }

        public Builder tempDir(Path dir) {
            this.tempDir = dir;
            return this;
        }

        /**
         * Loads this libasyncProfiler.so instead of the bundled one (for a platform the jar does not
         * bundle, such as musl, or a newer async-profiler build).
         */
        public Builder asyncProfilerLibrary(Path library) {
            this.asyncProfilerLibrary = library;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting and its rule */
        public EngineConfig build() {
            requirePositive("reqprof.cpu-interval", cpuInterval);
            if (wall) requirePositive("reqprof.wall-interval", wallInterval);
            if (allocInterval < 0) {
                throw new IllegalArgumentException("reqprof.alloc-interval: must be 0 (off) or a positive number of bytes, was " + allocInterval);
            }
            if (lockThreshold != null && lockThreshold.isNegative()) {
                throw new IllegalArgumentException("reqprof.lock-threshold: must not be negative, was " + lockThreshold);
            }
            requirePositive("reqprof.chunk-period", chunkPeriod);
            if (chunkPeriod.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("reqprof.chunk-period: must be at least 100ms, was " + chunkPeriod);
            }
            if (tempDir != null && tempDir.toString().indexOf(',') >= 0) {
                // async-profiler options are a comma-separated string; a comma would cut the file name
                throw new IllegalArgumentException("reqprof.temp-dir: must not contain ',', was " + tempDir);
            }
            return new EngineConfig(this);
        }

        private static void requirePositive(String setting, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(setting + ": must be greater than 0, was " + d);
            }
        }
    }
}
