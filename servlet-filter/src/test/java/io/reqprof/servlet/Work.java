package io.reqprof.servlet;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU work with a distinct method per endpoint, so a profile shows whose work it holds. Each burns
 * a given amount of the calling thread's CPU time (not wall time), so a busy machine stretches the
 * request but not the number of samples it should have.
 */
final class Work {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Work() {
    }

    static long alphaLoop(long cpuMillis) {
        long deadline = THREADS.getCurrentThreadCpuTime() + cpuMillis * 1_000_000;
        long x = 1;
        while (THREADS.getCurrentThreadCpuTime() < deadline) {
            for (int i = 0; i < 20_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    static long betaLoop(long cpuMillis) {
        long deadline = THREADS.getCurrentThreadCpuTime() + cpuMillis * 1_000_000;
        long x = 7;
        while (THREADS.getCurrentThreadCpuTime() < deadline) {
            for (int i = 0; i < 20_000; i++) x ^= (x << 13) ^ (x >>> 7) ^ (x << 17);
        }
        return x;
    }

    /** /api/process's loop, the method its text summary must name. */
    static long cpuLoop(long cpuMillis) {
        long deadline = THREADS.getCurrentThreadCpuTime() + cpuMillis * 1_000_000;
        double x = 1;
        while (THREADS.getCurrentThreadCpuTime() < deadline) {
            for (int i = 1; i < 20_000; i++) x += Math.sqrt(i) / x;
        }
        return (long) x;
    }

    /** Runs on an async worker thread, bracketed with the request's ProfiledRequest. */
    static long asyncLoop(long cpuMillis) {
        long deadline = THREADS.getCurrentThreadCpuTime() + cpuMillis * 1_000_000;
        long x = 3;
        while (THREADS.getCurrentThreadCpuTime() < deadline) {
            for (int i = 0; i < 20_000; i++) x += Long.rotateLeft(x, 5) ^ i;
        }
        return x;
    }

    /** Runs on an async worker thread without a bracket: not attributed to the request. */
    static long unbracketedLoop(long cpuMillis) {
        long deadline = THREADS.getCurrentThreadCpuTime() + cpuMillis * 1_000_000;
        long x = 5;
        while (THREADS.getCurrentThreadCpuTime() < deadline) {
            for (int i = 0; i < 20_000; i++) x += Long.rotateRight(x, 3) ^ i;
        }
        return x;
    }

    /** Runs in the ASYNC re-dispatch of a request. */
    static long dispatchedLoop(long cpuMillis) {
        long deadline = THREADS.getCurrentThreadCpuTime() + cpuMillis * 1_000_000;
        long x = 11;
        while (THREADS.getCurrentThreadCpuTime() < deadline) {
            for (int i = 0; i < 20_000; i++) x = x * 31 + (x >>> 3) + i;
        }
        return x;
    }
}
