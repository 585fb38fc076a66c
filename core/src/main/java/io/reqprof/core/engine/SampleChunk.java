package io.reqprof.core.engine;

import io.reqprof.core.profile.SampleType;
import io.reqprof.core.profile.StackTrace;

import java.util.Arrays;

/**
 * The samples the engine took between two rotations, in the engine's mark clock (the clock
 * {@link SamplingSession#now()} reads), so they can be matched against request brackets.
 * Every sample with a timestamp before {@link #endTime()} is in this chunk or an earlier one.
 * Stored column-wise because chunks are large and short-lived.
 */
public final class SampleChunk {
    private final long startTime;
    private final long endTime;
    private final long startEpochNanos;
    private final long endEpochNanos;
    private final int size;
    private final long[] threadIds;
    private final long[] times;
    private final SampleType[] types;
    private final long[] counts;
    private final long[] values;
    private final StackTrace[] stacks;

    private SampleChunk(Builder b) {
        this.startTime = b.startTime;
        this.endTime = b.endTime;
        this.startEpochNanos = b.startEpochNanos;
        this.endEpochNanos = b.endEpochNanos;
        this.size = b.size;
        this.threadIds = b.threadIds;
        this.times = b.times;
        this.types = b.types;
        this.counts = b.counts;
        this.values = b.values;
        this.stacks = b.stacks;
    }

    /** Mark-clock time the chunk began. */
    public long startTime() {
        return startTime;
    }

    /** Mark-clock watermark: no later chunk holds a sample taken before this time. */
    public long endTime() {
        return endTime;
    }

    /** Wall-clock start of the chunk, nanoseconds since the epoch. */
    public long startEpochNanos() {
        return startEpochNanos;
    }

    /** Wall-clock end of the chunk, nanoseconds since the epoch. */
    public long endEpochNanos() {
        return endEpochNanos;
    }

    /** Number of samples. */
    public int size() {
        return size;
    }

    /** Java thread id ({@code Thread.getId()}) of sample {@code i}, or 0 for a non-Java thread. */
    public long threadId(int i) {
        return threadIds[i];
    }

    /** Mark-clock timestamp of sample {@code i}. */
    public long time(int i) {
        return times[i];
    }

    public SampleType type(int i) {
        return types[i];
    }

    /** How many samples entry {@code i} stands for (usually 1). */
    public long count(int i) {
        return counts[i];
    }

    /** Weight of entry {@code i} in its type's unit: nanoseconds for CPU, wall and lock, bytes for alloc. */
    public long value(int i) {
        return values[i];
    }

    public StackTrace stack(int i) {
        return stacks[i];
    }

    static Builder builder(long startTime, long startEpochNanos) {
        return new Builder(startTime, startEpochNanos);
    }

    /** Collects samples while an engine reads its recording. */
    static final class Builder {
        private final long startTime;
        private final long startEpochNanos;
        private long endTime;
        private long endEpochNanos;
        private int size;
        private long[] threadIds = new long[256];
        private long[] times = new long[256];
        private SampleType[] types = new SampleType[256];
        private long[] counts = new long[256];
        private long[] values = new long[256];
        private StackTrace[] stacks = new StackTrace[256];

        private Builder(long startTime, long startEpochNanos) {
            this.startTime = startTime;
            this.startEpochNanos = startEpochNanos;
        }

        Builder add(long threadId, long time, SampleType type, long count, long value, StackTrace stack) {
            if (size == times.length) grow();
            threadIds[size] = threadId;
            times[size] = time;
            types[size] = type;
            counts[size] = count;
            values[size] = value;
            stacks[size] = stack;
            size++;
            return this;
        }

        int size() {
            return size;
        }

        SampleChunk build(long endTime, long endEpochNanos) {
            this.endTime = endTime;
            this.endEpochNanos = endEpochNanos;
            return new SampleChunk(this);
        }

        private void grow() {
            int n = times.length * 2;
            threadIds = Arrays.copyOf(threadIds, n);
            times = Arrays.copyOf(times, n);
            types = Arrays.copyOf(types, n);
            counts = Arrays.copyOf(counts, n);
            values = Arrays.copyOf(values, n);
            stacks = Arrays.copyOf(stacks, n);
        }
    }
}
