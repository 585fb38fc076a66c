package io.reqprof.agent.upload;

import java.time.Duration;
import java.util.Random;

/**
 * Full-jitter exponential backoff, as Google's profiling agents use after errors: the n-th
 * consecutive failure waits a uniformly random time in {@code [0, min(max, initial × multiplier^n))};
 * a success resets it. Not thread-safe: one per loop.
 */
public final class Backoff {
    /**
     * The settings.
     *
     * @param initial    bound of the first delay (60 s in production)
     * @param multiplier growth per consecutive failure (1.3)
     * @param max        largest bound (1 h)
     */
    public record Policy(Duration initial, double multiplier, Duration max) {
        /** Google's agents' values: 60 s, ×1.3, 1 h. */
        public static Policy standard() {
            return new Policy(Duration.ofSeconds(60), 1.3, Duration.ofHours(1));
        }
    }

    private final Policy policy;
    private final Random random;
    private double bound;

    public Backoff(Policy policy, Random random) {
        this.policy = policy;
        this.random = random;
        reset();
    }

    /** The delay before the next attempt; grows the bound for the one after. */
    public Duration next() {
        long boundNanos = (long) bound;
        bound = Math.min(bound * policy.multiplier(), policy.max().toNanos());
        return Duration.ofNanos((long) (random.nextDouble() * boundNanos));
    }

    /** The bound the next {@link #next()} draws under (for logs and tests). */
    public Duration currentBound() {
        return Duration.ofNanos((long) bound);
    }

    /** Back to the initial bound after a success. */
    public void reset() {
        bound = Math.min(policy.initial().toNanos(), policy.max().toNanos());
    }
}
