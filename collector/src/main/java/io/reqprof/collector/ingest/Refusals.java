package io.reqprof.collector.ingest;

import io.reqprof.collector.pprof.InvalidProfileException;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The collector's own word on refused uploads: the uploader hears why, and so does whoever runs the
 * collector (an agent whose profiles grew past a limit, a busy collector), as a warning at most once
 * a minute with the count of refusals since the last one, so a misbehaving client cannot flood the log.
 */
final class Refusals {
    private static final Logger LOG = Logger.getLogger(Refusals.class.getName());
    private static final long EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong unlogged = new AtomicLong();

    void report(InvalidProfileException e) {
        long count = unlogged.incrementAndGet();
        long now = System.nanoTime();
        long next = nextLogNanos.get();
        if (now - next < 0 || !nextLogNanos.compareAndSet(next, now + EVERY_NANOS)) return;
        unlogged.addAndGet(-count);
        String fix = e.overLimit() ? "; raise the limit it names if such profiles are expected"
                : e.busy() ? "; uploaders retry, a collector busy this often needs more heap, cores or collectors" : "";
        LOG.warning("reqprof collector refused " + (count == 1 ? "an upload" : count + " uploads in the last minute, the latest")
                + ": " + e.getMessage() + fix);
    }
}
