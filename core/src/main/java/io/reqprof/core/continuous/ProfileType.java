package io.reqprof.core.continuous;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.profile.SampleType;

import java.util.Locale;

/**
 * The profile types of Cloud Profiler's API, and which sample type of a sampling session each is
 * cut from. A profile of one type is encoded with that sample type's pprof names, the ones Cloud
 * Profiler's Java agent uses (CPU: {@code sample/count, cpu/nanoseconds}).
 */
public enum ProfileType {
    /** On-CPU time. */
    CPU(SampleType.CPU),
    /** Wall-clock time of every thread. */
    WALL(SampleType.WALL),
    /**
     * Live heap (objects still reachable at the end of the window). A sampling session cannot
     * produce this: it sees allocations as they happen, not which of them are still alive, so
     * {@link #sampleType()} is null and {@link #collectableWith} is always false (see docs/CONTINUOUS.md).
     */
    HEAP(null),
    /** Sampled allocations: {@code alloc_objects/count, alloc_space/bytes}. */
    HEAP_ALLOC(SampleType.ALLOC),
    /** Lock contention: {@code contentions/count, delay/nanoseconds}. */
    CONTENTION(SampleType.LOCK);

    private final SampleType sampleType;

    ProfileType(SampleType sampleType) {
        this.sampleType = sampleType;
    }

    /** The session sample type this profile is cut from, or null when no sampling session provides it. */
    public SampleType sampleType() {
        return sampleType;
    }

    /**
     * Whether a session running with {@code config} samples what this type needs: CPU always, WALL
     * when wall sampling is on, HEAP_ALLOC when allocation sampling is on, CONTENTION when lock
     * sampling is on, HEAP never.
     */
    public boolean collectableWith(EngineConfig config) {
        return switch (this) {
            case CPU -> true;
            case WALL -> config.wallEnabled();
            case HEAP -> false;
            case HEAP_ALLOC -> config.allocInterval() > 0;
            case CONTENTION -> config.lockThreshold() != null;
        };
    }

    /** Lower-case name used in settings and file names: {@code cpu}, {@code wall}, {@code heap-alloc}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
