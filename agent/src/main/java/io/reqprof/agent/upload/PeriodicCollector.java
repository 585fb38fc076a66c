package io.reqprof.agent.upload;

import io.reqprof.core.continuous.ProfileType;
import io.reqprof.core.continuous.WindowAggregator;
import io.reqprof.core.profile.Profile;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Agent-driven collection for targets that take profiles when sent (Pyroscope, OTLP, a directory,
 * Cloud Profiler offline mode): every {@code period}, a profile of {@code duration} for each enabled
 * type, handed to a {@link ProfileSink}. Two daemon threads: one cuts windows, one uploads, so a slow
 * or unreachable target never delays collection. Between them a queue of at most
 * {@value #MAX_QUEUED} profiles bounds memory; when it is full the oldest profile is dropped.
 * Retryable failures wait a full-jitter backoff (logging one warning per step) and retry the same
 * profile, at most {@value #MAX_ATTEMPTS} times in all: a profile that keeps failing must not hold up
 * the ones behind it. A success resets the backoff.
 */
public final class PeriodicCollector implements Uploader {
    /** Most profiles waiting for upload. */
    public static final int MAX_QUEUED = 16;
    /** Most times one profile is sent before it is dropped. */
    public static final int MAX_ATTEMPTS = 5;
    private static final System.Logger LOG = System.getLogger("io.reqprof.agent");
    private static final Duration CLOSE_DRAIN = Duration.ofSeconds(5);

    private record Item(ProfileType type, Profile profile, int attempts) { }

    private final AgentContext ctx;
    private final ProfileSink sink;
    private final Backoff backoff;
    private final Deque<Item> queue = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    // the sender reported a failure that has not been followed by a success yet
    private volatile boolean failing;
    private final Thread collector;
    private final Thread sender;
    private volatile boolean closing;
    private volatile boolean stopSending;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    public PeriodicCollector(AgentContext ctx, ProfileSink sink) {
        this.ctx = ctx;
        this.sink = sink;
        // A push target gets a new profile every period: retrying one for longer than that only delays the next.
        Backoff.Policy p = ctx.backoff();
        Duration initial = p.initial().compareTo(ctx.period()) > 0 ? ctx.period() : p.initial();
        this.backoff = new Backoff(new Backoff.Policy(initial, p.multiplier(), p.max()), new Random());
        this.collector = daemon(this::collectLoop, "reqprof-collect");
        this.sender = daemon(this::sendLoop, "reqprof-upload");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void start() {
        LOG.log(Level.INFO, "reqprof uploads " + ctx.types() + " profiles of " + ctx.duration() + " every "
                + ctx.period() + " to " + sink.describe());
        collector.start();
        sender.start();
    }

    /** Profiles dropped: the queue was full, or one failed {@value #MAX_ATTEMPTS} times. */
    public long dropped() {
        return dropped.get();
    }

    /** Profiles uploaded. */
    public long uploaded() {
        return ctx.stats().snapshot().uploaded();
    }

    /** Profiles waiting. */
    public int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    private void collectLoop() {
        long next = System.nanoTime();
        while (!closing) {
            if (Thread.interrupted()) break;
            List<CompletableFuture<Profile>> windows = new ArrayList<>();
            try {
                for (ProfileType t : ctx.types()) windows.add(ctx.windows().collect(t, ctx.duration()));
                for (int i = 0; i < windows.size(); i++) enqueue(new Item(ctx.types().get(i), await(windows.get(i)), 0));
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                if (closing) break;
                LOG.log(Level.WARNING, "reqprof could not collect a profile: " + e);
            }
            next += ctx.period().toNanos();
            long wait = next - System.nanoTime();
            if (wait < 0) next = System.nanoTime(); // fell behind (e.g. a suspended VM): do not burst
            else {
                try {
                    if (closed.await(wait, TimeUnit.NANOSECONDS)) break;
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
    }

    /** Waits for a window; on close, ends it early so its partial profile is still delivered. */
    private Profile await(CompletableFuture<Profile> window) throws Exception {
        long deadline = System.nanoTime() + ctx.duration().toNanos() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return window.get(200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (closing) ctx.windows().endOpenWindowsNow();
                else if (System.nanoTime() > deadline) throw e;
            }
        }
    }

    private void enqueue(Item item) {
        synchronized (queue) {
            if (queue.size() >= MAX_QUEUED) {
                queue.pollFirst();
                long n = dropped.incrementAndGet();
                LOG.log(n == 1 ? Level.WARNING : Level.DEBUG, "reqprof dropped the oldest waiting profile (" + n
                        + " so far): " + sink.describe() + " is not keeping up");
            }
            queue.addLast(item);
            queue.notifyAll();
        }
    }

    private void sendLoop() {
        while (!stopSending) {
            Item item;
            synchronized (queue) {
                while (queue.isEmpty() && !stopSending && !(closing && !collector.isAlive())) {
                    try {
                        queue.wait(200);
                    } catch (InterruptedException e) {
                        if (stopSending) return;
                    }
                }
                if (queue.isEmpty()) return;
                item = queue.pollFirst();
            }
            try {
                sink.upload(item.type(), item.profile());
                ctx.stats().uploaded();
                backoff.reset();
                failing = false;
                LOG.log(Level.DEBUG, "reqprof uploaded a " + item.type() + " profile to " + sink.describe());
            } catch (ProfileSink.RetryableUploadException e) {
                ctx.stats().failed("upload to " + sink.describe() + " failed: " + e.getMessage());
                if (item.attempts() + 1 >= MAX_ATTEMPTS) {
                    long n = dropped.incrementAndGet();
                    LOG.log(n == 1 ? Level.WARNING : Level.DEBUG, "reqprof dropped a " + item.type() + " profile after "
                            + MAX_ATTEMPTS + " attempts (" + n + " dropped so far): " + e.getMessage());
                } else {
                    synchronized (queue) {
                        queue.addFirst(new Item(item.type(), item.profile(), item.attempts() + 1));
                        while (queue.size() > MAX_QUEUED) {
                            queue.pollLast();
                            dropped.incrementAndGet();
                        }
                    }
                }
                if (closing) return; // no retries on the way out
                Duration d = backoff.next();
                // an error the first time (shown at verbose=0), warnings while it repeats
                LOG.log(failing ? Level.WARNING : Level.ERROR, "reqprof upload to " + sink.describe() + " failed ("
                        + e.getMessage() + "); retrying in " + d.toMillis() + " ms"
                        + (failing ? "" : "; is the server running there? check reqprof.target"));
                failing = true;
                if (!sleep(d.toNanos())) return;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                ctx.stats().failed("upload to " + sink.describe() + " was rejected: " + e);
                LOG.log(failing ? Level.WARNING : Level.ERROR, "reqprof dropped a " + item.type() + " profile: upload to "
                        + sink.describe() + " was rejected: " + e + (failing ? "" : "; check reqprof.target, "
                        + "reqprof.bearer-token, reqprof.service and reqprof.labels against the server's rules"));
                failing = true;
            }
        }
    }

    /** Sleeps; false when woken by close. */
    private boolean sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * Ends the open windows now (their partial profiles are queued), gives the queue up to five seconds
     * to drain, then stops both threads.
     */
    @Override
    public void close() {
        if (closing) return;
        closing = true;
        closed.countDown();
        ctx.windows().endOpenWindowsNow();
        join(collector, CLOSE_DRAIN.toMillis());
        synchronized (queue) {
            queue.notifyAll();
        }
        join(sender, CLOSE_DRAIN.toMillis());
        stopSending = true;
        sender.interrupt();
        join(sender, 1000);
        sink.close();
    }

    private static void join(Thread t, long millis) {
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
