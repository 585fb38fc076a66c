package io.reqprof.core.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A preempted ClockSync (long duration) must not move the offset while a tight recent one exists. */
class ClockOffsetTest {
    private static final long TRUE_OFFSET = 1_700_000_000_000_000_000L;

    /** A sync whose nanoTime was read {@code readAfter} ns after begin() and which ended {@code duration} ns after it. */
    private static void sync(ClockOffset o, long nanoTime, long readAfter, long duration) {
        o.sync(nanoTime - readAfter + TRUE_OFFSET, duration, nanoTime);
    }

    @Test
    void firstSyncReplacesTheRoughStart() {
        ClockOffset o = new ClockOffset(TRUE_OFFSET + 5_000_000);
        sync(o, 1_000_000_000L, 1_000, 2_000);
        assertEquals(TRUE_OFFSET, o.get());
    }

    @Test
    void aPreemptedSyncIsIgnoredWhileATightOneIsRecent() {
        ClockOffset o = new ClockOffset(0);
        sync(o, 1_000_000_000L, 20_000, 40_000); // 20 µs uncertainty: accepted
        assertEquals(TRUE_OFFSET, o.get());
        // preempted for 3 ms between begin() and reading nanoTime, 100 ms later
        sync(o, 1_100_000_000L, 3_000_000, 3_001_000);
        assertEquals(TRUE_OFFSET, o.get(), "a 3 ms preemption must not shift the offset");
    }

    @Test
    void tightSyncsAreAlwaysTakenAndLooseOnesOnceTheOldOneHasAged() {
        ClockOffset o = new ClockOffset(0);
        sync(o, 1_000_000_000L, 2_000, 4_000);
        // the clocks drifted by 3 µs: a tight sync follows it
        o.sync(1_100_000_000L - 2_000 + TRUE_OFFSET + 3_000, 4_000, 1_100_000_000L);
        assertEquals(TRUE_OFFSET + 3_000, o.get());
        // a loose (200 µs) sync is taken only after the tight one's uncertainty has grown past it: 10 s at 20 µs/s
        o.sync(3_000_000_000L - 100_000 + TRUE_OFFSET, 200_000, 3_000_000_000L);
        assertEquals(TRUE_OFFSET + 3_000, o.get());
        o.sync(12_000_000_000L - 100_000 + TRUE_OFFSET + 7_000, 200_000, 12_000_000_000L);
        assertEquals(TRUE_OFFSET + 7_000, o.get());
    }
}
