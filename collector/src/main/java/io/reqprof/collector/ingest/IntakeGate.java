package io.reqprof.collector.ingest;

import io.reqprof.collector.pprof.InvalidProfileException;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many uploads are unpacked and parsed at once, over gRPC and HTTP together. The size caps
 * bound one upload; this bounds them all: eight concurrent gzip bombs cost what two do. An upload
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
            throw InvalidProfileException.busy("the collector is unpacking " + size + " uploads already and this one waited "
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

    /** Most uploads ever inside at once. */
    int peak() {
        return peak.get();
    }
}
