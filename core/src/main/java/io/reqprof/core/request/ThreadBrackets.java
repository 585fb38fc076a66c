package io.reqprof.core.request;

import java.util.Arrays;

/**
 * The brackets one thread ran during a chunk, sorted by start, for finding which request a sample
 * of that thread belongs to. Built and used by the sampler thread only.
 */
final class ThreadBrackets {
    // Nested brackets are rare (a request forwarded inside another); look back this far for an enclosing one.
    private static final int MAX_LOOKBACK = 8;

    private long[] starts = new long[4];
    private long[] ends = new long[4];
    private ActiveRequest[] owners = new ActiveRequest[4];
    private int size;
    private boolean sorted = true;

    void add(long start, long end, ActiveRequest owner) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            owners = Arrays.copyOf(owners, size * 2);
        }
        if (size > 0 && start < starts[size - 1]) sorted = false;
        starts[size] = start;
        ends[size] = end;
        owners[size] = owner;
        size++;
    }

    /** Index of the bracket on this thread that contains {@code time}, innermost first, or -1. */
    int find(long time) {
        if (!sorted) sort();
        int i = lastStartAtOrBefore(time);
        for (int k = 0; i >= 0 && k < MAX_LOOKBACK; i--, k++) {
            if (ends[i] >= time) return i;
        }
        return -1;
    }

    ActiveRequest owner(int index) {
        return owners[index];
    }

    long start(int index) {
        return starts[index];
    }

    private int lastStartAtOrBefore(long time) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= time) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private void sort() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(starts[a], starts[b]));
        long[] s = new long[starts.length];
        long[] e = new long[ends.length];
        ActiveRequest[] o = new ActiveRequest[owners.length];
        for (int i = 0; i < size; i++) {
            s[i] = starts[order[i]];
            e[i] = ends[order[i]];
            o[i] = owners[order[i]];
        }
        starts = s;
        ends = e;
        owners = o;
        sorted = true;
    }
}
