package io.reqprof.core.profile;

/**
 * The kinds of samples reqprof collects. Each kind carries the pprof sample-type names that
 * Cloud Profiler's Java agent uses for it, so a profile of one kind uploads without renaming.
 */
public enum SampleType {
    /** On-CPU time: one sample per CPU interval a thread spent running. */
    CPU("sample", "count", "cpu", "nanoseconds"),
    /** Wall-clock time: one sample per wall interval a thread existed, running or not. */
    WALL("sample", "count", "wall", "nanoseconds"),
    /** Heap allocations: sampled every N allocated bytes. */
    ALLOC("alloc_objects", "count", "alloc_space", "bytes"),
    /** Lock contention: time threads waited to enter a monitor or park on a lock. */
    LOCK("contentions", "count", "delay", "nanoseconds");

    private final String countName;
    private final String countUnit;
    private final String valueName;
    private final String valueUnit;

    SampleType(String countName, String countUnit, String valueName, String valueUnit) {
        this.countName = countName;
        this.countUnit = countUnit;
        this.valueName = valueName;
        this.valueUnit = valueUnit;
    }

    /** pprof name of the count column, e.g. {@code sample}. */
    public String countName() {
        return countName;
    }

    /** pprof unit of the count column, always {@code count}. */
    public String countUnit() {
        return countUnit;
    }

    /** pprof name of the value column, e.g. {@code cpu}. */
    public String valueName() {
        return valueName;
    }

    /** pprof unit of the value column, e.g. {@code nanoseconds}. */
    public String valueUnit() {
        return valueUnit;
    }
}
