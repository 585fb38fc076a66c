package io.reqprof.samples.quarkus;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** The sample's CPU work, in methods whose names a profile makes easy to find. */
final class Crunch {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Crunch() {
    }

    /** {@code /api/process}'s work: a CPU loop of about {@code millis} ms of thread CPU time. */
    static long crunchNumbers(long millis) {
        long end = THREADS.getCurrentThreadCpuTime() + millis * 1_000_000L;
        long x = 1;
        while (THREADS.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 10_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    /** {@code /api/users/{id}}'s work: a little hashing per user. */
    static String renderUser(long id) {
        long h = id;
        for (int i = 0; i < 200_000; i++) h = Long.rotateLeft(h * 0x9E3779B97F4A7C15L, 31) ^ i;
        return Long.toHexString(h);
    }
}
