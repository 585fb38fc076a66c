package io.reqprof.collector.http;

import java.time.Duration;

/**
 * What one merge of stored profiles (a flame graph, a comparison, a merged download) may cost. A
 * merge that reaches either bound stops adding profiles and says so; what it merged is still
 * shown, and the samples of the profile that reached the node bound are kept, their stacks that
 * needed new nodes under one node named for the bound.
 *
 * @param maxNodes call-tree nodes, over all profiles merged (each costs about 200 bytes of heap)
 * @param timeout  time spent reading and adding profiles
 */
public record MergeBudget(int maxNodes, Duration timeout) {
    /** 250,000 nodes (about 50 MB), 10 s. */
    public static final MergeBudget DEFAULT = new MergeBudget(250_000, Duration.ofSeconds(10));

    /** Positive bounds. */
    public MergeBudget {
        if (maxNodes <= 0 || timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("merge budget must be positive");
        }
    }
}
