package io.reqprof.core.profile;

import java.time.Duration;

/**
 * What actually sampled a profile, as opposed to what was asked for: async-profiler may fall back
 * from perf_events to ctimer, and the JFR fallback engine sees less than async-profiler does.
 *
 * @param engine        {@code async-profiler} or {@code jfr}
 * @param version       the engine's version string
 * @param cpuSampler    the CPU sampling mechanism in use: {@code perf_events}, {@code ctimer},
 *                      {@code itimer} (async-profiler) or {@code jfr-execution-sample}
 * @param cpuInterval   effective CPU sampling interval
 * @param wallInterval  effective wall-clock sampling interval (zero when wall sampling is off)
 * @param allocInterval bytes between allocation samples, 0 when allocation sampling is off
 * @param lockThreshold minimum recorded lock wait, or null when lock sampling is off
 */
public record EngineInfo(String engine, String version, String cpuSampler, Duration cpuInterval,
                         Duration wallInterval, long allocInterval, Duration lockThreshold) {

    /** One line for logs and profile comments, e.g. {@code async-profiler 4.6 cpu=perf_events/10ms wall=50ms}. */
    public String describe() {
        StringBuilder sb = new StringBuilder()
                .append(engine).append(' ').append(version)
                .append(" cpu=").append(cpuSampler).append('/').append(millis(cpuInterval));
        if (!wallInterval.isZero()) sb.append(" wall=").append(millis(wallInterval));
        if (allocInterval > 0) sb.append(" alloc=").append(allocInterval).append('B');
        if (lockThreshold != null) sb.append(" lock=").append(millis(lockThreshold));
        return sb.toString();
    }

    private static String millis(Duration d) {
        long nanos = d.toNanos();
        return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms" : nanos / 1000 + "us";
    }
}
