package io.reqprof.collector.ingest;

import io.reqprof.collector.pprof.InvalidProfileException;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many profiles are unpacked and parsed at once: uploads over gRPC and HTTP, and the stored
 * profiles merges read, together. The limits bound one profile; this bounds them all: eight
 * concurrent gzip bombs cost what two do, and a merge adds no parse to them. An upload
 * that waits longer than {@code maxWait} for its turn is refused as {@link InvalidProfileException#busy}.
 */
final class IntakeGate {
    private final Semaphore permits;
    private final int size;
    private final long maxWaitMillis;
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    IntakeGate(int size, long maxWaitMillis) {
        this.permits = new Semaphore(size, true);
        this.size = size;
        this.maxWaitMillis = maxWaitMillis;
    }

    <T> T through(ProfileIntake.Work<T> work) throws InvalidProfileException, IOException {
        boolean in;
        try {
            in = permits.tryAcquire(maxWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw InvalidProfileException.busy("the collector is stopping");
        }
        if (!in) {
            throw InvalidProfileException.busy("the collector is unpacking " + size + " profiles already and this one waited "
                    + maxWaitMillis / 1000 + " s for its turn; retry shortly");
        }
        try {
            peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
            return work.run();
        } finally {
            inside.decrementAndGet();
            permits.release();
        }
    }

    /** Most profiles ever inside at once. */
    int peak() {
        return peak.get();
    }
}
