package io.reqprof.collector.pprof;

import java.util.List;

/**
 * A parsed, validated pprof profile: columns, samples as resolved function-name stacks, and the
 * time window. Sample labels, mappings and addresses are not kept: the collector shows functions.
 */
public final class PprofProfile {
    /** One sample: function names innermost first (inlined frames expanded) and one value per column. */
    public record Sample(String[] leafFirst, long[] values) {
    }

    private final List<ValueType> columns;
    private final List<Sample> samples;
    private final long timeNanos;
    private final long durationNanos;
    private final ValueType periodType;
    private final long period;

    PprofProfile(List<ValueType> columns, List<Sample> samples, long timeNanos, long durationNanos,
                 ValueType periodType, long period) {
        this.columns = List.copyOf(columns);
        this.samples = samples;
        this.timeNanos = timeNanos;
        this.durationNanos = durationNanos;
        this.periodType = periodType;
        this.period = period;
    }

    /** The sample columns in pprof order. */
    public List<ValueType> columns() {
        return columns;
    }

    /** Samples in file order. */
    public List<Sample> samples() {
        return samples;
    }

    /** pprof {@code time_nanos}: start of the profiled window, 0 when the agent did not say. */
    public long timeNanos() {
        return timeNanos;
    }

    /** pprof {@code duration_nanos}, 0 when the agent did not say. */
    public long durationNanos() {
        return durationNanos;
    }

    /** pprof {@code period_type}, or null. */
    public ValueType periodType() {
        return periodType;
    }

    /** pprof {@code period}. */
    public long period() {
        return period;
    }
}
