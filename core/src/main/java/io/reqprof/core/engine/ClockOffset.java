package io.reqprof.core.engine;

/**
 * The JFR engine's estimate of JFR's epoch time minus {@code System.nanoTime()}, from ClockSync
 * events. Each sync reads {@code nanoTime} between the event's {@code begin()} and {@code end()},
 * so the reading happened somewhere in the event's duration: the midpoint is the estimate and half
 * the duration its uncertainty. A sync whose thread was preempted in between (common on a loaded
 * machine) has a long duration and is ignored while a tighter recent one exists; taking every sync
 * at face value once shifted a whole chunk's samples by a preemption's length, moving the last
 * samples of one request into the next request on the same thread.
 */
final class ClockOffset {
    /** The accepted sync's uncertainty grows by 1 ns per this many ns since it (20 µs a second), for drift. */
    private static final long DRIFT_DIVISOR = 50_000;
    /** A sync this tight is always taken: newer is better once the uncertainty is negligible. */
    private static final long GOOD_ENOUGH_NANOS = 10_000;

    private volatile long offset;
    private long uncertainty;
    private long acceptedAt;

    /** Starts from a rough estimate (Instant.now against nanoTime), replaced by the first sync. */
    ClockOffset(long roughOffset) {
        this.offset = roughOffset;
        this.uncertainty = Long.MAX_VALUE / 4;
    }

    /** Epoch nanos minus {@code System.nanoTime()}. */
    long get() {
        return offset;
    }

    /**
     * One sync: {@code startEpochNanos} and {@code durationNanos} of the event, {@code nanoTime}
     * read inside it. Called on one thread (the JFR stream's).
     */
    void sync(long startEpochNanos, long durationNanos, long nanoTime) {
        long half = Math.max(0, durationNanos) / 2;
        long grown = uncertainty + Math.max(0, nanoTime - acceptedAt) / DRIFT_DIVISOR;
        if (half <= GOOD_ENOUGH_NANOS || half <= grown) {
            offset = startEpochNanos + half - nanoTime;
            uncertainty = half;
            acceptedAt = nanoTime;
        }
    }
}
