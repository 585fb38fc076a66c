package io.reqprof.core.request;

import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.SampleType;

import java.time.Duration;

/**
 * The result of profiling one request: its facts and the samples taken while it ran on some
 * thread. The profile's {@link Profile#engine()} tells which engine took them.
 */
public record RequestProfile(RequestFacts facts, Profile profile) {

    /** Estimated CPU time: CPU samples times the CPU interval. */
    public Duration cpuEstimate() {
        return Duration.ofNanos(profile.totalValue(SampleType.CPU));
    }

    /** Estimated wall time spent in the request's brackets: wall samples times the wall interval. */
    public Duration wallEstimate() {
        return Duration.ofNanos(profile.totalValue(SampleType.WALL));
    }
}
