package io.reqprof.agent.upload;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    @Test
    void fullJitterUnderABoundGrowingBy1point3UpToTheCapAndResetAfterSuccess() {
        Backoff b = new Backoff(Backoff.Policy.standard(), new Random(42));
        double bound = 60e9;
        long distinct = 0;
        long previous = -1;
        for (int i = 0; i < 40; i++) {
            assertEquals((long) bound, b.currentBound().toNanos(), "bound of step " + i);
            long d = b.next().toNanos();
            assertTrue(d >= 0 && d < bound, "step " + i + ": " + d);
            if (d != previous) distinct++;
            previous = d;
            bound = Math.min(bound * 1.3, 3600e9);
        }
        assertEquals(Duration.ofHours(1), b.currentBound(), "capped at one hour");
        assertTrue(distinct > 30, "jittered");
        b.reset();
        assertEquals(Duration.ofSeconds(60), b.currentBound());
    }
}
