package io.reqprof.core.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, aggregated profile: samples of one or more {@link SampleType}s over a time window,
 * with the engine that took them. Every output format (pprof, collapsed, HTML, text summary) reads
 * this one type. Build one with {@link ProfileBuilder}.
 */
public final class Profile {
    private final List<Sample> samples;
    private final Map<SampleType, Long> periods;
    private final long startEpochNanos;
    private final long durationNanos;
    private final EngineInfo engine;
    private final List<String> comments;

    Profile(List<Sample> samples, Map<SampleType, Long> periods, long startEpochNanos, long durationNanos,
            EngineInfo engine, List<String> comments) {
        this.samples = Collections.unmodifiableList(new ArrayList<>(samples));
        EnumMap<SampleType, Long> p = new EnumMap<>(SampleType.class);
        p.putAll(periods);
        this.periods = Collections.unmodifiableMap(p);
        this.startEpochNanos = startEpochNanos;
        this.durationNanos = durationNanos;
        this.engine = engine;
        this.comments = List.copyOf(comments);
    }

    /** Aggregated samples, one per distinct (stack, type, labels). */
    public List<Sample> samples() {
        return samples;
    }

    /** Samples of one type. */
    public List<Sample> samples(SampleType type) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) if (s.type() == type) out.add(s);
        return out;
    }

    /**
     * The sample types this profile is meant to hold, in a stable order: those with a period,
     * plus any that have samples. A request that never ran on a CPU still has a CPU column.
     */
    public Set<SampleType> types() {
        EnumSet<SampleType> types = EnumSet.noneOf(SampleType.class);
        types.addAll(periods.keySet());
        for (Sample s : samples) types.add(s.type());
        return Collections.unmodifiableSet(types);
    }

    /** Sampling period per type, in that type's value unit (nanoseconds or bytes). */
    public Map<SampleType, Long> periods() {
        return periods;
    }

    /** Sum of sample counts of one type. */
    public long totalCount(SampleType type) {
        long total = 0;
        for (Sample s : samples) if (s.type() == type) total += s.count();
        return total;
    }

    /** Sum of sample values of one type, e.g. estimated CPU nanoseconds. */
    public long totalValue(SampleType type) {
        long total = 0;
        for (Sample s : samples) if (s.type() == type) total += s.value();
        return total;
    }

    /** Start of the profiled window, nanoseconds since the epoch (pprof {@code time_nanos}). */
    public long startEpochNanos() {
        return startEpochNanos;
    }

    /** Length of the profiled window in nanoseconds (pprof {@code duration_nanos}). */
    public long durationNanos() {
        return durationNanos;
    }

    /** The engine that took the samples, or null when unknown (e.g. a merged profile). */
    public EngineInfo engine() {
        return engine;
    }

    /** Free-text notes carried into pprof {@code comment}s. */
    public List<String> comments() {
        return comments;
    }

    /** A builder prefilled with this profile's samples and metadata. */
    public ProfileBuilder toBuilder() {
        ProfileBuilder b = new ProfileBuilder()
                .startEpochNanos(startEpochNanos)
                .durationNanos(durationNanos)
                .engine(engine);
        periods.forEach(b::period);
        comments.forEach(b::comment);
        for (Sample s : samples) b.add(s.type(), s.stack(), s.count(), s.value(), s.labels());
        return b;
    }

    @Override
    public String toString() {
        return "Profile{types=" + types() + ", samples=" + samples.size()
                + ", durationNanos=" + durationNanos + ", engine=" + (engine == null ? "?" : engine.describe()) + '}';
    }

}
