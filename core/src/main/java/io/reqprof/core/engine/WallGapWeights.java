package io.reqprof.core.engine;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Weights wall samples by the time each stands for: the time since its thread was last accounted
 * for (its previous wall sample, or the end of a blocking call an engine saw whole). Samplers thin
 * out when the machine is saturated (async-profiler's wall thread waits for a CPU; JFR samples
 * only a few threads per period), so counting samples times the interval would under-read. The
 * weight is capped so a thread's first sample after a pause does not claim the whole pause.
 *
 * <p>Times and periods are in whatever unit the caller's clock uses. Used by one thread only.
 */
final class WallGapWeights {
    /** Longest weight, in sampling periods, unless an engine says otherwise. */
    static final long MAX_PERIODS = 5;

    private final long maxPeriods;

    private final Map<Long, Long> accountedUntil = new HashMap<>();

    WallGapWeights() {
        this(MAX_PERIODS);
    }

    /** @param maxPeriods the longest weight, in sampling periods */
    WallGapWeights(long maxPeriods) {
        this.maxPeriods = maxPeriods;
    }

    /**
     * The weight of a wall sample taken at {@code time} on Java thread {@code threadId}: the gap
     * since the thread was last accounted for, at most the engine's maximum number of periods, or one
     * {@code period} when nothing is known (first sample, non-Java thread, out-of-order sample).
     */
    long weigh(long threadId, long time, long period) {
        if (threadId == 0) return period;
        Long last = accountedUntil.get(threadId);
        if (last != null && time <= last) return period;
        accountedUntil.put(threadId, time);
        return last == null ? period : Math.min(time - last, maxPeriods * period);
    }

    /** Records that {@code threadId}'s wall time up to {@code time} is already accounted for. */
    void accountedUntil(long threadId, long time) {
        if (threadId != 0) accountedUntil.merge(threadId, time, Math::max);
    }

    /** Forgets every thread: after a pause in sampling, no gap reaches back across it. */
    void forgetAll() {
        accountedUntil.clear();
    }

    /** Forgets threads that have died, so this stays as small as the live thread count. */
    void forgetDeadThreads() {
        Set<Long> alive = new HashSet<>();
        for (long id : ManagementFactory.getThreadMXBean().getAllThreadIds()) alive.add(id);
        accountedUntil.keySet().retainAll(alive);
    }
}
