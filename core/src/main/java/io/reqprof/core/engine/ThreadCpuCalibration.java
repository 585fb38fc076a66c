package io.reqprof.core.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives JFR's CPU samples the CPU time they stand for, measured rather than assumed.
 *
 * <p>{@code jdk.ExecutionSample} is not a CPU-time sampler: its sampler thread wakes once per
 * period and suspends a few threads that are in Java code, running or waiting for a CPU. When more
 * threads want the CPU than there are cores, the sampler itself waits for a core and takes about
 * one sample per wake-up: measured here (2 cores, 8 busy threads, 5 ms period) it took 0.28 of the
 * samples that count &times; period needs (0.49 at 10 ms, 0.72 at 20 ms), while one or two busy
 * threads got 0.95&ndash;0.99. Counting samples &times; period therefore under-reads exactly when a
 * service is busy.
 *
 * <p>So the engine reads each sampled thread's CPU clock about every 100 ms (a snapshot) and shares
 * the CPU a thread used between two snapshots among that thread's samples taken between them. The
 * samples keep saying <em>where</em> the time went; the thread's CPU clock says <em>how much</em>.
 * CPU used in an interval with no sample of the thread is carried to its next sampled interval, at
 * most {@link #MAX_CARRY} intervals back, so a thread sampled only every few hundred milliseconds
 * is not under-read either. A sample taken before its thread's first snapshot weighs one period.
 *
 * <p>Snapshots are taken on JFR's periodic-event thread; everything else runs on the thread that
 * rotates the engine. Times are {@code System.nanoTime()}.
 */
final class ThreadCpuCalibration {
    /** Intervals without samples whose CPU may still be carried to the thread's next sample. */
    static final int MAX_CARRY = 3;

    private record Snapshot(long time, Map<Long, Long> cpuByThread) { }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean available;
    private final Set<Long> sampledThreads = ConcurrentHashMap.newKeySet();
    // sorted by time; the first entry is the base of the oldest interval still open
    private final List<Snapshot> snapshots = new ArrayList<>();
    private final Map<Long, long[]> carry = new HashMap<>(); // thread -> {cpu nanos, intervals}

    ThreadCpuCalibration() {
        boolean ok;
        try {
            ok = threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException e) {
            ok = false;
        }
        this.available = ok;
    }

    /** Whether this JVM can read thread CPU clocks; without them samples weigh one period each. */
    boolean available() {
        return available;
    }

    /** Notes that {@code threadId} was sampled, so the next snapshots read its CPU clock. */
    void sampled(long threadId) {
        if (available && threadId != 0) sampledThreads.add(threadId);
    }

    /** Reads the CPU clock of every thread sampled so far. */
    void snapshot() {
        if (!available) return;
        long time = System.nanoTime();
        Long[] ids = sampledThreads.toArray(new Long[0]);
        Map<Long, Long> cpu = new HashMap<>(ids.length * 2);
        for (Long id : ids) {
            long c = threads.getThreadCpuTime(id);
            if (c >= 0) cpu.put(id, c);
            else sampledThreads.remove(id); // the thread has ended
        }
        synchronized (snapshots) {
            snapshots.add(new Snapshot(time, cpu));
        }
    }

    /** Starts over after a pause: nothing used while sampling was off reaches a later sample. */
    void restart() {
        synchronized (snapshots) {
            snapshots.clear();
        }
        carry.clear();
        snapshot();
    }

    /**
     * The latest snapshot time at or before {@code watermark}: every sample up to it has arrived,
     * so the intervals up to it can be closed. {@code Long.MIN_VALUE} when there is none.
     */
    long closableUntil(long watermark) {
        synchronized (snapshots) {
            for (int i = snapshots.size() - 1; i >= 0; i--) {
                if (snapshots.get(i).time() <= watermark) return snapshots.get(i).time();
            }
        }
        return Long.MIN_VALUE;
    }

    /**
     * Weighs CPU samples, all taken at or before {@code until} (a value of
     * {@link #closableUntil(long)}), and closes the intervals up to {@code until}: samples later
     * than {@code until} must be passed to a later call.
     *
     * @param threadIds sampled Java thread of each sample
     * @param times     {@code System.nanoTime()} of each sample
     * @param period    the weight of a sample no snapshot covers
     * @return the CPU nanoseconds each sample stands for
     */
    long[] weigh(long[] threadIds, long[] times, long until, long period) {
        int n = threadIds.length;
        long[] weights = new long[n];
        List<Snapshot> closed;
        synchronized (snapshots) {
            int last = -1;
            for (int i = 0; i < snapshots.size() && snapshots.get(i).time() <= until; i++) last = i;
            closed = last < 0 ? List.of() : new ArrayList<>(snapshots.subList(0, last + 1));
            if (last > 0) snapshots.subList(0, last).clear(); // keep `until` as the next base
        }
        // interval k is (closed[k-1].time, closed[k].time]; -1 means before the first snapshot
        int[] interval = new int[n];
        Map<Long, Map<Integer, Integer>> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int k = firstAtOrAfter(closed, times[i]);
            interval[i] = k <= 0 || k >= closed.size() ? -1 : k;
            if (interval[i] > 0) counts.computeIfAbsent(threadIds[i], t -> new HashMap<>()).merge(k, 1, Integer::sum);
        }
        Map<Long, Map<Integer, Long>> perSample = new HashMap<>();
        Set<Long> threadsInSnapshots = new HashSet<>();
        for (Snapshot s : closed) threadsInSnapshots.addAll(s.cpuByThread().keySet());
        for (Long tid : threadsInSnapshots) {
            Map<Integer, Integer> c = counts.getOrDefault(tid, Map.of());
            long[] carried = carry.computeIfAbsent(tid, t -> new long[2]);
            for (int k = 1; k < closed.size(); k++) {
                Long before = closed.get(k - 1).cpuByThread().get(tid);
                Long after = closed.get(k).cpuByThread().get(tid);
                long used = before == null || after == null ? 0 : Math.max(0, after - before);
                int samples = c.getOrDefault(k, 0);
                if (before == null) {
                    if (samples > 0) perSample.computeIfAbsent(tid, t -> new HashMap<>()).put(k, period);
                    continue;
                }
                if (samples == 0) {
                    carried[0] = carried[1] >= MAX_CARRY ? used : carried[0] + used;
                    carried[1] = carried[1] >= MAX_CARRY ? 1 : carried[1] + 1;
                    continue;
                }
                perSample.computeIfAbsent(tid, t -> new HashMap<>()).put(k, (used + carried[0]) / samples);
                carried[0] = 0;
                carried[1] = 0;
            }
        }
        for (int i = 0; i < n; i++) {
            Long w = interval[i] <= 0 ? null : perSample.getOrDefault(threadIds[i], Map.of()).get(interval[i]);
            weights[i] = w == null ? period : w;
        }
        carry.keySet().retainAll(sampledThreads);
        return weights;
    }

    private static int firstAtOrAfter(List<Snapshot> closed, long time) {
        int lo = 0;
        int hi = closed.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (closed.get(mid).time() < time) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
