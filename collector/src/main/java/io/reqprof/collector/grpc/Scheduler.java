package io.reqprof.collector.grpc;

import com.google.devtools.cloudprofiler.v2.ProfileType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Decides which waiting agent profiles what, and when, like Cloud Profiler's service does:
 * per deployment one profile per period on average, however many replicas ask.
 *
 * <p>Each deployment has a next slot. A CreateProfile call joins that deployment's waiters
 * (a long poll). When the slot comes, one waiter chosen at random gets a profile of the next
 * type in the rotation that it offered; every other waiter is answered ABORTED with a retry
 * delay that brings it back just before the following slot, so all replicas compete for every
 * slot and share the rate evenly. The first call of a new deployment is answered at once. A
 * waiter whose deadline would pass before its slot is released ABORTED shortly before it.
 */
final class Scheduler {
    /** Rotation order of profile types. */
    static final List<ProfileType> ROTATION = List.of(ProfileType.CPU, ProfileType.WALL, ProfileType.HEAP,
            ProfileType.HEAP_ALLOC, ProfileType.CONTENTION, ProfileType.THREADS, ProfileType.PEAK_HEAP);
    /** At most this many concurrent long polls per deployment; more are turned away at once. */
    static final int MAX_WAITERS_PER_DEPLOYMENT = 256;

    /** How a waiting call is answered: with a type to profile, or told to retry after a delay. */
    interface Waiter {
        /** The types the agent offered. */
        Set<ProfileType> offered();

        /** This waiter won the slot: profile {@code type}. */
        void grant(ProfileType type);

        /** This waiter lost the slot or waited too long: retry after {@code delay}. */
        void retry(Duration delay, String why);

        /** Nanos ({@link System#nanoTime()}) by which the caller's deadline passes, or Long.MAX_VALUE. */
        long deadlineNanos();
    }

    private static final class Deployment {
        final List<Waiter> waiters = new ArrayList<>();
        long nextDueNanos;
        int rotation;
        ScheduledFuture<?> slot;
    }

    private final long periodNanos;
    private final long gatherNanos;
    private final ScheduledExecutorService timer;
    private final Map<String, Deployment> deployments = new HashMap<>();

    Scheduler(Duration period, ScheduledExecutorService timer) {
        this.periodNanos = period.toNanos();
        // losers come back this long before the next slot, so they are waiting when it comes
        this.gatherNanos = Math.min(TimeUnit.SECONDS.toNanos(2), periodNanos / 5);
        this.timer = timer;
    }

    /** Adds a waiter for {@code deployment}; it is answered later, from the timer thread, exactly once. */
    void enqueue(String deployment, Waiter w) {
        Duration turnAway = null;
        synchronized (this) {
            Deployment d = deployments.computeIfAbsent(deployment, k -> {
                Deployment x = new Deployment();
                x.nextDueNanos = System.nanoTime();
                return x;
            });
            if (d.waiters.size() >= MAX_WAITERS_PER_DEPLOYMENT) {
                turnAway = untilNext(d);
            } else {
                d.waiters.add(w);
                if (d.slot == null) schedule(deployment, d);
                long waitDeadline = w.deadlineNanos();
                if (waitDeadline != Long.MAX_VALUE && waitDeadline - TimeUnit.SECONDS.toNanos(1) < d.nextDueNanos) {
                    long in = Math.max(0, waitDeadline - TimeUnit.SECONDS.toNanos(1) - System.nanoTime());
                    timer.schedule(() -> expire(deployment, w), in, TimeUnit.NANOSECONDS);
                }
            }
        }
        if (turnAway != null) w.retry(turnAway, "too many agents of this deployment are waiting");
    }

    /** Forgets a waiter whose call was cancelled. */
    synchronized void cancel(String deployment, Waiter w) {
        Deployment d = deployments.get(deployment);
        if (d != null) d.waiters.remove(w);
    }

    private void schedule(String key, Deployment d) {
        long delay = Math.max(0, d.nextDueNanos - System.nanoTime());
        d.slot = timer.schedule(() -> fire(key), delay, TimeUnit.NANOSECONDS);
    }

    private void expire(String key, Waiter w) {
        Duration delay;
        synchronized (this) {
            Deployment d = deployments.get(key);
            if (d == null || !d.waiters.remove(w)) return;
            delay = untilNext(d);
        }
        w.retry(delay, "the call's deadline comes before this deployment's next profile");
    }

    private void fire(String key) {
        Waiter winner;
        ProfileType type = null;
        List<Waiter> losers;
        Duration retry;
        synchronized (this) {
            Deployment d = deployments.get(key);
            d.slot = null;
            if (d.waiters.isEmpty()) return; // the next caller is answered at once: the slot is due
            winner = d.waiters.remove(ThreadLocalRandom.current().nextInt(d.waiters.size()));
            for (int i = 0; i < ROTATION.size() && type == null; i++) {
                ProfileType t = ROTATION.get((d.rotation + i) % ROTATION.size());
                if (winner.offered().contains(t)) {
                    type = t;
                    d.rotation = (d.rotation + i + 1) % ROTATION.size();
                }
            }
            d.nextDueNanos = System.nanoTime() + periodNanos;
            losers = new ArrayList<>(d.waiters);
            d.waiters.clear();
            retry = untilNext(d);
        }
        if (type == null) winner.retry(Duration.ofNanos(periodNanos), "none of the offered profile types is supported");
        else winner.grant(type);
        for (Waiter w : losers) w.retry(retry, "another agent of this deployment takes this period's profile");
    }

    private Duration untilNext(Deployment d) {
        long until = d.nextDueNanos - System.nanoTime() - gatherNanos;
        return Duration.ofNanos(Math.max(until, TimeUnit.MILLISECONDS.toNanos(100)));
    }
}
