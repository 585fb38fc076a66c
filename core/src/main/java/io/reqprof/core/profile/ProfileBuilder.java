package io.reqprof.core.profile;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Aggregates samples into a {@link Profile}: samples with the same stack, type and labels are
 * summed, so memory grows with the number of distinct stacks, not with the number of samples.
 * Not thread-safe; the sampler thread owns each builder.
 */
public final class ProfileBuilder {
    private record Key(StackTrace stack, SampleType type, Map<String, String> labels) { }

    private final Map<Key, long[]> totals = new LinkedHashMap<>();
    private final Map<SampleType, Long> periods = new EnumMap<>(SampleType.class);
    private final List<String> comments = new ArrayList<>();
    private long startEpochNanos;
    private long durationNanos;
    private EngineInfo engine;

    /** Adds {@code count} samples worth {@code value} (in the type's unit) for a stack. */
    public ProfileBuilder add(SampleType type, StackTrace stack, long count, long value) {
        return add(type, stack, count, value, Map.of());
    }

    /** Adds samples carrying string labels (pprof sample labels). */
    public ProfileBuilder add(SampleType type, StackTrace stack, long count, long value, Map<String, String> labels) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stack, "stack");
        long[] t = totals.computeIfAbsent(new Key(stack, type, labels == null ? Map.of() : labels), k -> new long[2]);
        t[0] += count;
        t[1] += value;
        return this;
    }

    /** Adds every sample of another profile (used to merge profiles). */
    public ProfileBuilder addAll(Profile other) {
        for (Sample s : other.samples()) add(s.type(), s.stack(), s.count(), s.value(), s.labels());
        return this;
    }

    /** Declares a sample type with its sampling period in the type's value unit. */
    public ProfileBuilder period(SampleType type, long period) {
        periods.put(type, period);
        return this;
    }

    public ProfileBuilder startEpochNanos(long startEpochNanos) {
        this.startEpochNanos = startEpochNanos;
        return this;
    }

    public ProfileBuilder durationNanos(long durationNanos) {
        this.durationNanos = durationNanos;
        return this;
    }

    public ProfileBuilder engine(EngineInfo engine) {
        this.engine = engine;
        return this;
    }

    public ProfileBuilder comment(String comment) {
        comments.add(comment);
        return this;
    }

    /** Number of distinct (stack, type, labels) entries so far. */
    public int distinctSamples() {
        return totals.size();
    }

    public Profile build() {
        List<Sample> samples = new ArrayList<>(totals.size());
        totals.forEach((k, t) -> samples.add(new Sample(k.stack(), k.type(), t[0], t[1], k.labels())));
        return new Profile(samples, periods, startEpochNanos, durationNanos, engine, comments);
    }
}
