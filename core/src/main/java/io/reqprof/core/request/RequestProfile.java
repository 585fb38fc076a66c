package io.reqprof.core.request;

import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.SampleType;

import java.time.Duration;
import java.util.List;

/**
 * The result of profiling one request: its facts, the samples taken while it ran on some thread,
 * and what makes those samples incomplete (its work ran where the engine cannot see, brackets were
 * dropped), said in the dump rather than left to guess from an empty profile. The profile's
 * {@link Profile#engine()} tells which engine took them.
 *
 * @param warnings why the profile misses samples, each a sentence with the fix; empty when it does not
 */
public record RequestProfile(RequestFacts facts, Profile profile, List<String> warnings) {
    public RequestProfile {
        warnings = List.copyOf(warnings);
    }

    /** A profile nothing is known to be missing from. */
    public RequestProfile(RequestFacts facts, Profile profile) {
        this(facts, profile, List.of());
    }

    /** Estimated CPU time: CPU samples times the CPU interval. */
    public Duration cpuEstimate() {
        return Duration.ofNanos(profile.totalValue(SampleType.CPU));
    }

    /** Estimated wall time spent in the request's brackets: wall samples times the wall interval. */
    public Duration wallEstimate() {
        return Duration.ofNanos(profile.totalValue(SampleType.WALL));
    }
}
